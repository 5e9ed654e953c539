package dev.gpudoctor.report;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.AreaLine;
import dev.gpudoctor.fact.section.Section;
import java.util.ArrayList;
import java.util.List;

/**
 * The area lines of a report, in order: cross-section overviews first, then each section's own;
 * an area's glyph is the worst of what its facts show and what the findings about it say.
 */
public final class Summary {

    private Summary() {
    }

    public static List<AreaLine> lines(Report report) {
        HostFacts f = report.facts();
        List<AreaLine> sectionLines = new ArrayList<>();
        for (Section s : f.sections()) {
            sectionLines.addAll(s.summarize());
        }
        List<AreaLine> ordered = new ArrayList<>();
        // System first, then the overviews that join several sections, then the rest.
        sectionLines.stream().filter(l -> l.area().equals("System")).forEach(ordered::add);
        ordered.add(Overview.gpus(f));
        ordered.add(Overview.cudaVersions(f));
        Overview.forwardCompat(f).ifPresent(ordered::add);
        sectionLines.stream().filter(l -> !l.area().equals("System")).forEach(ordered::add);
        List<AreaLine> out = new ArrayList<>();
        for (AreaLine l : ordered) {
            out.add(withFindings(l, report.findings()));
        }
        return out;
    }

    private static AreaLine withFindings(AreaLine l, List<Finding> findings) {
        AreaLine.Health h = l.health();
        for (Finding x : findings) {
            if (!x.area().equals(l.area())) {
                continue;
            }
            AreaLine.Health fromFinding = switch (x.severity()) {
                case ERROR -> AreaLine.Health.PROBLEM;
                case WARNING -> AreaLine.Health.WARNING;
                case INFO -> AreaLine.Health.INFO;
            };
            if (rank(fromFinding) > rank(h)) {
                h = fromFinding;
            }
        }
        return h == l.health() ? l : new AreaLine(l.area(), h, l.headline(), l.details());
    }

    private static int rank(AreaLine.Health h) {
        return switch (h) {
            case INFO -> 0;
            case OK -> 1;
            case WARNING -> 2;
            case PROBLEM -> 3;
        };
    }

    /** Errors make a problem; warnings are reported without changing the exit code. */
    public static Severity worst(Report report) {
        return report.findings().stream().map(Finding::severity).min(Enum::compareTo).orElse(Severity.INFO);
    }
}
