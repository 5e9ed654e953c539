package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * A running job (--pid) against the linker emulation: where the process mapped another copy of a
 * library than the emulation says the framework loads, something else decided (a preload, an
 * earlier dlopen, another LD_LIBRARY_PATH in the job's environment).
 */
public final class ProcessMapsRule implements Rule {

    static final String DIFFERS = "linker.process-differs";

    @Override
    public List<String> codes() {
        return List.of(DIFFERS);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        LinkerFacts l = f.linker();
        if (l == null || !l.resolutions().isFound()) {
            return out;
        }
        for (LinkerFacts.MappedProcess p : l.processes()) {
            for (String mapped : p.cudaLibraries().orElse(List.of())) {
                for (LinkerFacts.Resolution r : l.resolutions().value()) {
                    for (LinkerFacts.Dependency d : r.dependencies()) {
                        if (d.resolvedPath() != null && LibraryFamily.sameFamily(d.soname(), mapped)
                                && p.cudaLibraries().value().stream().noneMatch(m -> LibraryFamily.sameCopy(m, d.resolvedPath()))) {
                            out.add(new Finding(DIFFERS, Severity.WARNING, "Library resolution",
                                    "Process " + p.pid() + " has " + mapped + " mapped; " + r.framework() + " would load "
                                            + d.resolvedPath(),
                                    "The running job did not get the copy its framework's search path leads to: a preload, an "
                                            + "earlier dlopen or the job's own environment chose another one.",
                                    List.of("/proc/" + p.pid() + "/maps: " + mapped,
                                            r.framework() + " (" + r.object() + "): " + d.soname() + " -> " + d.resolvedPath()
                                                    + " via " + d.via()),
                                    List.of(Fix.advice("Compare the job's environment (cat /proc/" + p.pid()
                                            + "/environ | tr '\\\\0' '\\\\n') with this shell's, LD_PRELOAD and LD_LIBRARY_PATH first.", null))));
                        }
                    }
                }
            }
        }
        return out;
    }
}
