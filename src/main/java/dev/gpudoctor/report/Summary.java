package dev.gpudoctor.report;

import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.AreaLine;
import dev.gpudoctor.fact.section.Section;
import dev.gpudoctor.probe.ProbeRun;
import java.util.ArrayList;
import java.util.List;

/** The area lines of a report, in order: cross-section overviews first, then each section's own. */
public final class Summary {

    private Summary() {
    }

    public static List<AreaLine> lines(Report report) {
        HostFacts f = report.facts();
        List<AreaLine> out = new ArrayList<>();
        List<AreaLine> sectionLines = new ArrayList<>();
        for (Section s : f.sections()) {
            sectionLines.addAll(s.summarize());
        }
        // System first, then the overviews that join several sections, then the rest.
        sectionLines.stream().filter(l -> l.area().equals("System")).forEach(out::add);
        out.add(Overview.gpus(f));
        out.add(Overview.cudaVersions(f));
        Overview.forwardCompat(f).ifPresent(out::add);
        sectionLines.stream().filter(l -> !l.area().equals("System")).forEach(out::add);
        for (ProbeRun r : report.probes()) {
            if (r.outcome() != ProbeRun.Outcome.COMPLETED) {
                out.add(AreaLine.problem("Probe " + r.probe(), "did not complete: " + r.why(), List.of()));
            }
        }
        return out;
    }

    /** The worst health of the report: what the exit code follows. */
    public static AreaLine.Health worst(List<AreaLine> lines) {
        AreaLine.Health worst = AreaLine.Health.OK;
        for (AreaLine l : lines) {
            if (l.health() == AreaLine.Health.PROBLEM) {
                return AreaLine.Health.PROBLEM;
            }
            if (l.health() == AreaLine.Health.WARNING) {
                worst = AreaLine.Health.WARNING;
            }
        }
        return worst;
    }
}
