package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.matrix.ArchitectureChange;
import dev.gpudoctor.matrix.GpuModel;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.PytorchRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether the code on this host can run on its GPUs: a torch wheel carries kernels for a list of
 * compute capabilities (sm_37 left with 2.x, sm_50-sm_70 later; a capability runs the kernels of an
 * equal or lower minor of its major), and each toolkit drops old
 * architectures (12.0 dropped sm_35/37, 13.0 Maxwell to Volta). Facts from the matrix, each cited.
 */
public final class GpuArchitectureRule implements Rule {

    static final String TORCH_ARCH = "framework.gpu-arch-not-in-build";
    static final String TORCH_PTX = "framework.gpu-arch-by-ptx-only";
    static final String TOOLKIT_ARCH = "toolkit.gpu-arch-dropped";

    private final Matrix matrix;

    public GpuArchitectureRule(Matrix matrix) {
        this.matrix = matrix;
    }

    @Override
    public List<String> codes() {
        return List.of(TORCH_ARCH, TORCH_PTX, TOOLKIT_ARCH);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        for (DriverFacts.SmiGpu g : Known.smiGpus(f)) {
            Optional<GpuModel> model = matrix.lookupGpu(g.name());
            if (model.isEmpty() || !model.get().citation().confirmed()) {
                continue;
            }
            Version cc = model.get().computeCapability();
            String gpuLine = g.name() + ": compute capability " + cc + " [" + model.get().citation().where() + "]";
            torch(f, out, g, cc, gpuLine);
            toolkits(f, out, g, cc, gpuLine);
        }
        return out;
    }

    private void torch(HostFacts f, List<Finding> out, DriverFacts.SmiGpu g, Version cc, String gpuLine) {
        if (f.python() == null) {
            return;
        }
        for (PythonFacts.PythonEnv env : f.python().environments().orElse(List.of())) {
            if (!env.torch().isFound() || env.torch().value().builtForCuda() == null) {
                continue;
            }
            PythonFacts.TorchBuild t = env.torch().value();
            Optional<Version> release = Version.find(t.version());
            String tag = "cu" + t.builtForCuda().toString().replace(".", "");
            Optional<PytorchRelease.Variant> variant = release.flatMap(v -> matrix.pytorch().stream()
                    .filter(r -> r.covers(v)).findFirst()).flatMap(r -> r.variant(tag));
            if (variant.isEmpty() || variant.get().archs().isEmpty() || !variant.get().archsConfirmed()) {
                continue;
            }
            PytorchRelease.Variant v = variant.get();
            if (v.archs().stream().anyMatch(a -> runsOn(a, cc))) {
                continue;
            }
            PytorchRelease rel = matrix.pytorch().stream().filter(r -> r.covers(release.get())).findFirst().orElseThrow();
            List<String> ev = List.of(gpuLine, "torch " + t.version() + " (" + env.prefix() + ") " + tag + " kernels for "
                    + v.archs() + v.ptxArch().map(p -> " + PTX " + p).orElse("") + " [" + rel.citation().where() + "]");
            boolean ptx = v.ptxArch().filter(p -> cc.compareTo(p) > 0).isPresent();
            if (ptx) {
                out.add(new Finding(TORCH_PTX, Severity.WARNING, "Python",
                        "torch " + t.version() + " has no kernels for " + g.name() + " (sm " + cc + "), only PTX to JIT-compile",
                        "The driver compiles the wheel's PTX for this GPU at first use: slow start-up, and slower kernels "
                                + "than a build for this architecture.",
                        ev, List.of(Fix.advice("Install a torch build whose CUDA variant lists compute capability " + cc + ".",
                                "https://pytorch.org/get-started/locally/"))));
            } else {
                out.add(new Finding(TORCH_ARCH, Severity.ERROR, "Python",
                        "torch " + t.version() + " has no kernels for " + g.name() + " (compute capability " + cc + ")",
                        "torch fails on this GPU with \"no kernel image is available for execution on the device\".",
                        ev, List.of(Fix.advice("Install a torch release and CUDA variant built for compute capability " + cc
                                + " (see gpu-doctor matrix lookup torch VERSION).", "https://pytorch.org/get-started/locally/"))));
            }
        }
    }

    /** The confirmed toolkit release that dropped this compute capability, if {@code toolkit} is that one or newer. */
    public static java.util.Optional<ArchitectureChange> droppedBy(Matrix matrix, Version toolkit, Version cc) {
        int sm = cc.major() * 10 + cc.minor();
        return matrix.architectures().stream().filter(c -> c.citation().confirmed() && c.droppedSm().contains(sm)
                && toolkit.prefix(2).compareTo(c.toolkit()) >= 0).findFirst();
    }

    /**
     * Whether kernels built for {@code built} (SASS for sm_XY) run on a GPU of capability {@code gpu}:
     * CUDA's binary compatibility runs a cubin on the same major with an equal or higher minor, so
     * the sm_86 kernels of a wheel whose list stops at 8.6 run on an 8.9 (Ada) GPU without PTX.
     */
    public static boolean runsOn(Version built, Version gpu) {
        return built.major() == gpu.major() && built.minor() <= gpu.minor();
    }

    private void toolkits(HostFacts f, List<Finding> out, DriverFacts.SmiGpu g, Version cc, String gpuLine) {
        if (f.cuda() == null) {
            return;
        }
        int sm = cc.major() * 10 + cc.minor();
        for (CudaFacts.Toolkit t : f.cuda().toolkits().orElse(List.of())) {
            if (t.version() == null) {
                continue;
            }
            for (ArchitectureChange change : droppedBy(matrix, t.version(), cc).stream().toList()) {
                out.add(new Finding(TOOLKIT_ARCH, Severity.WARNING, "CUDA toolkit",
                            "Toolkit " + t.version() + " cannot build for " + g.name() + " (sm_" + sm + ")",
                            "CUDA " + change.toolkit() + " dropped sm_" + sm + ": nvcc and NVRTC from this toolkit "
                                    + "reject it, so code built here does not run on this GPU.",
                            List.of(gpuLine, "toolkit " + t.version() + " at " + t.home(), change.describe() + " ["
                                    + change.citation().where() + "]"),
                            List.of(Fix.advice("Build with a toolkit older than " + change.toolkit() + " for this GPU.",
                                    change.citation().url()))));
            }
        }
    }
}
