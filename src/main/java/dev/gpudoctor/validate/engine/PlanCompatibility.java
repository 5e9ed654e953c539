package dev.gpudoctor.validate.engine;

import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a plan can load on this host, from what its header and its sidecar say and what this host
 * has, before (or without) loading it. The rules are NVIDIA's:
 * <ul>
 * <li>"By default, TensorRT engines are compatible only with the version of TensorRT used to build
 *     them"; a plan built with the version-compatible flag (TensorRT 8.6 and later) runs on later
 *     releases, never on older ones (TensorRT developer guide, Version Compatibility,
 *     https://docs.nvidia.com/deeplearning/tensorrt/latest/inference-library/advanced.html).</li>
 * <li>Without hardware compatibility a plan runs only on GPUs of the compute capability it was built on
 *     (the runtime's "generated on an incompatible device, expecting compute X got compute Y"); built
 *     with the ampere+ level it runs on Ampere and later (compute capability 8.0 and up), the level
 *     being "only supported for engines built on NVIDIA Ampere and later GPUs"
 *     (nvinfer1::HardwareCompatibilityLevel).</li>
 * </ul>
 * The GPU a plan was built for is known only from a sidecar: the header publishes no such field.
 * Loading decides in the end; this says why, or predicts where nothing can load it.
 */
public final class PlanCompatibility {

    /** What makes a plan not load here, for the fix. */
    public enum Kind {
        NOT_A_PLAN, TOO_SHORT, TENSORRT_MISSING, TENSORRT_VERSION, GPU
    }

    public record Problem(Kind kind, String sentence) {
    }

    /**
     * @param problems why it will not load (empty: nothing known against it)
     * @param matches  what was compared and agrees
     * @param unknown  what could not be compared, and why
     */
    public record Assessment(List<Problem> problems, List<String> matches, List<String> unknown) {
        public Assessment {
            problems = List.copyOf(problems);
            matches = List.copyOf(matches);
            unknown = List.copyOf(unknown);
        }

        public boolean compatibleAsFarAsKnown() {
            return problems.isEmpty();
        }
    }

    /** This host as far as the ladder knows it. */
    public record Host(String tensorrtVersion, String gpuName, String computeCapability) {
    }

    private static final Version AMPERE = Version.of("8.0");
    private static final Version VERSION_COMPATIBILITY_SINCE = Version.of("8.6");

    private PlanCompatibility() {
    }

    public static Assessment assess(PlanHeader header, PlanSidecar sidecar, Host host) {
        List<Problem> problems = new ArrayList<>();
        List<String> matches = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        switch (header.status()) {
            case NOT_A_PLAN -> problems.add(new Problem(Kind.NOT_A_PLAN, "The file is not a TensorRT plan: it "
                    + header.detail() + "."));
            case TOO_SHORT -> problems.add(new Problem(Kind.TOO_SHORT, "The file is " + header.detail() + "."));
            default -> {
                // Below.
            }
        }
        if (!problems.isEmpty()) {
            return new Assessment(problems, matches, unknown);
        }
        version(header, sidecar, host, problems, matches, unknown);
        gpu(sidecar, host, problems, matches, unknown);
        return new Assessment(problems, matches, unknown);
    }

    private static void version(PlanHeader header, PlanSidecar sidecar, Host host, List<Problem> problems,
                                List<String> matches, List<String> unknown) {
        String built = header.version() != null ? header.version() : sidecar == null ? null : sidecar.tensorrtVersion();
        String source = header.version() != null ? "its header" : "its sidecar";
        if (built == null) {
            unknown.add("which TensorRT built it: " + header.detail() + ", and no sidecar says");
            if (host.tensorrtVersion() == null) {
                problems.add(new Problem(Kind.TENSORRT_MISSING, "This host has no TensorRT to load it."));
            }
            return;
        }
        if (host.tensorrtVersion() == null) {
            problems.add(new Problem(Kind.TENSORRT_MISSING, "It needs TensorRT " + built + " (" + source
                    + "); this host has no TensorRT."));
            return;
        }
        Optional<Version> plan = Version.parse(built);
        Optional<Version> here = Version.parse(host.tensorrtVersion());
        if (plan.isEmpty() || here.isEmpty()) {
            unknown.add("how TensorRT " + built + " compares with " + host.tensorrtVersion());
            return;
        }
        int n = Math.min(Math.min(plan.get().size(), here.get().size()), 3);
        int cmp = plan.get().prefix(n).compareTo(here.get().prefix(n));
        boolean vc = sidecar != null && Boolean.TRUE.equals(sidecar.versionCompatible());
        if (cmp == 0) {
            matches.add("built by TensorRT " + built + " (" + source + "); this host has " + host.tensorrtVersion());
        } else if (vc && cmp < 0 && plan.get().compareTo(VERSION_COMPATIBILITY_SINCE) >= 0) {
            matches.add("built version-compatible by TensorRT " + built + ", which runs on the later " + host.tensorrtVersion()
                    + " of this host");
        } else if (vc && cmp > 0) {
            problems.add(new Problem(Kind.TENSORRT_VERSION, "It was built by TensorRT " + built + " (" + source + "), newer "
                    + "than this host's " + host.tensorrtVersion() + ": even a version-compatible plan runs only on the same "
                    + "or later releases."));
        } else {
            problems.add(new Problem(Kind.TENSORRT_VERSION, "It was built by TensorRT " + built + " (" + source + ") and this "
                    + "host has " + host.tensorrtVersion() + ": a plan runs only on the TensorRT release that built it, unless "
                    + "it was built version-compatible" + (sidecar == null ? " (no sidecar says whether it was)" : "") + "."));
        }
    }

    private static void gpu(PlanSidecar sidecar, Host host, List<Problem> problems, List<String> matches,
                            List<String> unknown) {
        if (sidecar == null || sidecar.computeCapability() == null) {
            unknown.add("which GPU it was built for (a plan's header does not say; a sidecar would)");
            return;
        }
        if (host.computeCapability() == null) {
            unknown.add("this host's GPU (the driver API did not describe one)");
            return;
        }
        String planGpu = "compute " + sidecar.computeCapability() + (sidecar.gpu() == null ? "" : " (" + sidecar.gpu() + ")");
        String hereGpu = "compute " + host.computeCapability() + (host.gpuName() == null ? "" : " (" + host.gpuName() + ")");
        String level = sidecar.hardwareCompatibility() == null ? "none" : sidecar.hardwareCompatibility();
        Optional<Version> plan = Version.parse(sidecar.computeCapability());
        Optional<Version> here = Version.parse(host.computeCapability());
        if (sidecar.computeCapability().equals(host.computeCapability())) {
            matches.add("built on " + planGpu + "; this GPU is " + hereGpu);
        } else if (level.equals("ampere+") && plan.isPresent() && here.isPresent() && plan.get().compareTo(AMPERE) >= 0
                && here.get().compareTo(AMPERE) >= 0) {
            matches.add("built hardware-compatible (ampere+) on " + planGpu + ", which runs on this " + hereGpu);
        } else if (level.equals("ampere+")) {
            problems.add(new Problem(Kind.GPU, "It was built hardware-compatible (ampere+) on " + planGpu + ", which covers "
                    + "Ampere and later GPUs (compute 8.0 and up); this GPU is " + hereGpu + "."));
        } else {
            problems.add(new Problem(Kind.GPU, "It was built on " + planGpu + " without hardware compatibility (level "
                    + level + "); this GPU is " + hereGpu + ", and TensorRT loads such a plan only on the compute capability "
                    + "it was built for."));
        }
    }
}
