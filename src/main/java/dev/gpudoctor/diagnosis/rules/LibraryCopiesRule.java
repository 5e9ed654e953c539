package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Several copies of a library, and which one each framework really loads: the case PyTorch's own
 * collect_env gets wrong. A dependency that resolves nowhere is the "cannot open shared object
 * file" error before it happens; one that LD_LIBRARY_PATH takes away from the framework's own
 * wheel is the classic wrong-cuDNN crash.
 */
public final class LibraryCopiesRule implements Rule {

    static final String MULTIPLE_CUDNN = "cudnn.multiple-copies";
    static final String NOT_FOUND = "linker.not-found";
    static final String SHADOWED = "linker.ld-library-path-shadows-wheel";

    @Override
    public List<String> codes() {
        return List.of(MULTIPLE_CUDNN, NOT_FOUND, SHADOWED);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        LinkerFacts linker = f.linker();
        List<LinkerFacts.Resolution> resolutions = linker == null ? List.of() : linker.resolutions().orElse(List.of());
        for (LinkerFacts.Resolution r : resolutions) {
            for (LinkerFacts.Dependency d : r.dependencies()) {
                if (d.resolvedPath() == null) {
                    out.add(new Finding(NOT_FOUND, Severity.ERROR, "Library resolution",
                            r.framework() + " needs " + d.soname() + ", which the dynamic linker cannot find",
                            "Loading " + r.object() + " will fail with \"" + d.soname()
                                    + ": cannot open shared object file: No such file or directory\".",
                            List.of("searched as the dynamic linker does: RPATH, LD_LIBRARY_PATH, RUNPATH, "
                                    + "/etc/ld.so.cache, default directories [" + r.object() + "]"),
                            List.of(Fix.advice("Install the library " + d.soname() + " (the framework's nvidia-* wheel or "
                                    + "the distribution package) or add its folder to LD_LIBRARY_PATH.", null))));
                } else if ("ld_library_path".equals(d.via()) && r.environment() != null
                        && d.shadowed().stream().anyMatch(c -> c.path().startsWith(r.environment() + "/"))) {
                    LinkerFacts.Copy own = d.shadowed().stream().filter(c -> c.path().startsWith(r.environment() + "/"))
                            .findFirst().orElseThrow();
                    out.add(new Finding(SHADOWED, Severity.WARNING, "Library resolution",
                            "LD_LIBRARY_PATH makes " + r.framework() + " load " + d.soname() + " "
                                    + (d.version() == null ? "" : d.version() + " ") + "instead of its own " + own,
                            "A folder on LD_LIBRARY_PATH is searched before the framework's RUNPATH, so the copy the "
                                    + "framework was installed with is passed over; a different build often fails "
                                    + "at the first call (symbol or version errors).",
                            List.of(d.soname() + " -> " + d.resolvedPath() + " via LD_LIBRARY_PATH ["
                                    + Known.show("LD_LIBRARY_PATH", linker.ldLibraryPath(), linker.ldLibraryPath().orElse("")) + "]",
                                    "not used: " + own),
                            List.of(Fix.advice("Remove " + parent(d.resolvedPath()) + " from LD_LIBRARY_PATH for this "
                                    + "environment (or put the wheel's folder before it).", null))));
                }
            }
        }
        DnnFacts dnn = f.dnn();
        if (dnn != null && dnn.cudnn().isFound()) {
            Map<String, List<DnnFacts.Install>> copies = DnnFacts.byLocation(dnn.cudnn().value());
            if (copies.size() > 1) {
                List<String> ev = new ArrayList<>();
                copies.forEach((loc, l) -> ev.add(loc + ": cuDNN " + best(l)));
                for (LinkerFacts.Resolution r : resolutions) {
                    r.dependencies().stream().filter(d -> d.soname().startsWith("libcudnn.so") && d.resolvedPath() != null)
                            .forEach(d -> ev.add(r.framework() + " loads " + d.resolvedPath()
                                    + (d.version() == null ? "" : " (" + d.version() + ")")));
                }
                out.add(new Finding(MULTIPLE_CUDNN, Severity.INFO, "cuDNN",
                        copies.size() + " cuDNN copies are installed",
                        "Each program loads one of them by its own search path; tools that guess from the system "
                                + "folders name the wrong one. The lines below say which copy each framework loads.",
                        ev, List.of()));
            }
        }
        return out;
    }

    private static String best(List<DnnFacts.Install> l) {
        return l.stream().map(DnnFacts.Install::version).filter(java.util.Objects::nonNull)
                .max(Comparator.comparingInt(Version::size)).map(Version::toString).orElse("?");
    }

    private static String parent(String p) {
        return p.substring(0, Math.max(1, p.lastIndexOf('/')));
    }
}
