package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.LibraryCopy;
import dev.gpudoctor.fact.section.LinkerFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A forward-compatibility libcuda (cuda-compat) helps only when it is newer than the kernel driver;
 * loaded while older or equal, CUDA fails with error 803 (system driver mismatch).
 */
public final class ForwardCompatRule implements Rule {

    static final String UNUSED_OLDER = "compat.older-than-driver";
    static final String LOADED_OLDER = "compat.loaded-older-than-driver";
    static final String DOCS = "https://docs.nvidia.com/deploy/cuda-compatibility/";

    @Override
    public List<String> codes() {
        return List.of(UNUSED_OLDER, LOADED_OLDER);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        Optional<Version> driver = Known.runningDriver(f);
        if (f.cuda() == null || driver.isEmpty()) {
            return out;
        }
        for (LibraryCopy c : f.cuda().forwardCompat().orElse(List.of())) {
            if (c.version() == null || c.version().compareTo(driver.get()) > 0) {
                continue;
            }
            List<String> loadedBy = loadedBy(f, c.realPath());
            List<String> ev = new ArrayList<>(List.of(
                    Known.show("forward-compat libcuda", f.cuda().forwardCompat(), c.describe()),
                    "running driver: " + driver.get()));
            loadedBy.forEach(w -> ev.add(w + " loads it"));
            if (loadedBy.isEmpty()) {
                out.add(new Finding(UNUSED_OLDER, Severity.INFO, "Forward compat",
                        "Forward-compat libcuda " + c.version() + " is not newer than the driver " + driver.get(),
                        "The cuda-compat libraries would only help on an older driver; no framework here loads them, "
                                + "so they are harmless, but putting them on the library path would break CUDA (error 803).",
                        ev, List.of(Fix.advice("Leave them off LD_LIBRARY_PATH and ld.so.conf, or remove the cuda-compat package.", DOCS))));
            } else {
                out.add(new Finding(LOADED_OLDER, Severity.ERROR, "Forward compat",
                        "An older forward-compat libcuda " + c.version() + " is loaded instead of the driver's " + driver.get(),
                        "The forward-compatibility libcuda must be newer than the kernel driver; loaded otherwise, CUDA "
                                + "fails to initialize with error 803 (CUDA_ERROR_SYSTEM_DRIVER_MISMATCH).",
                        ev, List.of(Fix.advice("Remove " + parent(c.realPath()) + " from LD_LIBRARY_PATH and ld.so.conf "
                                + "(then run ldconfig), or remove the cuda-compat package.", DOCS))));
            }
        }
        return out;
    }

    private static List<String> loadedBy(HostFacts f, String realPath) {
        List<String> out = new ArrayList<>();
        LinkerFacts l = f.linker();
        if (l == null) {
            return out;
        }
        for (LinkerFacts.Resolution r : l.resolutions().orElse(List.of())) {
            for (LinkerFacts.Dependency d : r.dependencies()) {
                if (realPath.equals(d.resolvedPath())) {
                    out.add(r.framework() + " (" + r.environment() + ")");
                }
            }
        }
        return out;
    }

    private static String parent(String p) {
        return p.substring(0, Math.max(1, p.lastIndexOf('/')));
    }
}
