package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every CUDA a program was built for against the highest CUDA the driver supports. A newer major
 * cannot run ("CUDA driver version is insufficient for CUDA runtime version"); a newer minor of the
 * same major runs through minor version compatibility, but not code that needs the driver to
 * JIT-compile newer PTX.
 */
public final class CudaVersionsRule implements Rule {

    static final String FRAMEWORK_MAJOR = "framework.cuda-above-driver";
    static final String FRAMEWORK_MINOR = "framework.cuda-minor-above-driver";
    static final String TOOLKIT = "toolkit.above-driver";
    static final String CPU_ONLY = "framework.cpu-only-build";
    static final String COMPAT_DOCS = "https://docs.nvidia.com/deploy/cuda-compatibility/";

    private final Optional<dev.gpudoctor.matrix.Matrix> matrix;

    /** @param matrix when present, fixes name the driver a CUDA version needs and the newest torch that fits */
    public CudaVersionsRule(Optional<dev.gpudoctor.matrix.Matrix> matrix) {
        this.matrix = matrix;
    }

    public CudaVersionsRule() {
        this(Optional.empty());
    }

    @Override
    public List<String> codes() {
        return List.of(FRAMEWORK_MAJOR, FRAMEWORK_MINOR, TOOLKIT, CPU_ONLY);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        Optional<Version> ceiling = Known.cudaCeiling(f);
        if (f.python() != null) {
            for (PythonFacts.PythonEnv env : f.python().environments().orElse(List.of())) {
                if (env.torch().isFound()) {
                    PythonFacts.TorchBuild t = env.torch().value();
                    if (t.builtForCuda() == null && t.hip() == null && Known.hasGpu(f)) {
                        out.add(new Finding(CPU_ONLY, Severity.WARNING, "Python",
                                "torch " + t.version() + " in " + env.prefix() + " is a CPU-only build",
                                "This host has an NVIDIA GPU, but this torch wheel was built without CUDA and will not use it.",
                                List.of(Known.show("torch", env.torch(), t.version() + ", built for CUDA: none")),
                                List.of(Fix.advice("Install a CUDA build of torch from https://download.pytorch.org/whl/cuXXX "
                                        + "with a CUDA version the driver supports.", "https://pytorch.org/get-started/locally/"))));
                    }
                    ceiling.ifPresent(c -> check(out, "torch " + t.version(), env.prefix(), t.builtForCuda(), c, env.torch(), f));
                }
                if (env.tensorflow().isFound() && env.tensorflow().value().builtForCuda() != null) {
                    PythonFacts.TensorflowBuild tf = env.tensorflow().value();
                    Optional<Version> built = Version.find(tf.builtForCuda());
                    ceiling.ifPresent(c -> built.ifPresent(b ->
                            check(out, "tensorflow " + tf.version(), env.prefix(), b, c, env.tensorflow(), f)));
                }
            }
        }
        CudaFacts cuda = f.cuda();
        if (cuda != null && ceiling.isPresent()) {
            Version c = ceiling.get();
            for (CudaFacts.Toolkit t : cuda.toolkits().orElse(List.of())) {
                if (t.version() != null && t.version().major() > c.major()) {
                    out.add(new Finding(TOOLKIT, Severity.WARNING, "CUDA toolkit",
                            "Toolkit " + t.version() + " at " + t.home() + " is newer than the driver's CUDA " + c,
                            "Programs built with this toolkit compile but will not run on this driver unless it is "
                                    + "upgraded (or, on data-centre GPUs, the forward-compatibility package is used).",
                            List.of("toolkit " + t.version() + " at " + t.home(), "driver's CUDA ceiling " + c + " [nvidia-smi]"),
                            List.of(Fix.advice("Upgrade the driver to a branch that supports CUDA " + t.version().prefix(2)
                                    + ", or build with a toolkit of CUDA " + c.major() + ".x.", COMPAT_DOCS))));
                }
            }
        }
        return out;
    }

    private void check(List<Finding> out, String what, String env, Version built, Version ceiling,
                       dev.gpudoctor.fact.Fact<?> fact, HostFacts f) {
        if (built == null) {
            return;
        }
        List<String> ev = List.of(Known.show(what + " built for CUDA", fact, built.toString()),
                "driver's CUDA ceiling: " + ceiling + " [nvidia-smi]");
        if (built.major() > ceiling.major()) {
            out.add(new Finding(FRAMEWORK_MAJOR, Severity.ERROR, "CUDA versions",
                    what + " (" + env + ") needs CUDA " + built + "; the driver supports up to " + ceiling,
                    "A program built for a newer CUDA major than the driver supports fails at start with "
                            + "\"CUDA driver version is insufficient for CUDA runtime version\".",
                    ev, List.of(Fix.advice("Upgrade the driver to a branch whose CUDA ceiling is at least " + built
                            + driverNeeded(built) + ", or install a build of the framework for CUDA " + ceiling.major()
                            + ".x" + newestTorchFitting(what, ceiling, f) + ".", COMPAT_DOCS))));
        } else if (built.major() == ceiling.major() && built.compareTo(ceiling.prefix(2)) > 0) {
            out.add(new Finding(FRAMEWORK_MINOR, Severity.WARNING, "CUDA versions",
                    what + " (" + env + ") is built for CUDA " + built + ", newer than the driver's " + ceiling,
                    "It runs through CUDA minor version compatibility, but kernels that need the driver to "
                            + "JIT-compile newer PTX fail (\"the provided PTX was compiled with an unsupported toolchain\").",
                    ev, List.of(Fix.advice("Upgrade the driver to a branch that supports CUDA " + built
                            + driverNeeded(built) + ".", COMPAT_DOCS))));
        }
    }

    /** " (CUDA 13.0 needs driver >= 580.65.06, cuda-toolkit.yaml line 40)", from the toolkit table. */
    private String driverNeeded(Version cuda) {
        return matrix.flatMap(m -> m.cudaToolkits().stream()
                        .filter(t -> t.version().startsWith(cuda.prefix(2)) && t.citation().confirmed()
                                && t.minDriverLinux().isPresent())
                        .min(java.util.Comparator.comparing(dev.gpudoctor.matrix.CudaToolkit::version)))
                .map(t -> " (CUDA " + t.version() + " needs driver >= " + t.minDriverLinux().get() + ", "
                        + t.citation().where() + ")")
                .orElse("");
    }

    /** " (the newest torch built for CUDA <= 12.4: 2.7 cu118)", for torch findings, where the matrix knows the variants. */
    private String newestTorchFitting(String what, Version ceiling, HostFacts f) {
        if (!what.startsWith("torch") || matrix.isEmpty()) {
            return "";
        }
        List<Version> ccs = f.smiGpus().stream().map(g -> matrix.get().lookupGpu(g.name()))
                .flatMap(Optional::stream).filter(g -> g.citation().confirmed())
                .map(dev.gpudoctor.matrix.GpuModel::computeCapability).toList();
        return matrix.get().pytorch().stream().filter(r -> r.citation().confirmed())
                .flatMap(r -> r.variants().stream()
                        .filter(v -> v.cuda().compareTo(ceiling.prefix(2)) <= 0)
                        .filter(v -> v.archs().isEmpty() || ccs.isEmpty() || ccs.stream().allMatch(v.archs()::contains))
                        .map(v -> new Object[] {r, v}))
                .max(java.util.Comparator.comparing((Object[] p) -> ((dev.gpudoctor.matrix.PytorchRelease) p[0]).version())
                        .thenComparing(p -> ((dev.gpudoctor.matrix.PytorchRelease.Variant) p[1]).cuda()))
                .map(p -> {
                    var r = (dev.gpudoctor.matrix.PytorchRelease) p[0];
                    var v = (dev.gpudoctor.matrix.PytorchRelease.Variant) p[1];
                    return " (the newest torch built for CUDA <= " + ceiling.prefix(2) + ": " + r.version() + " " + v.tag()
                            + r.indexUrlOf(v).map(u -> ", pip install torch==" + r.version() + ".* --index-url " + u).orElse("")
                            + ")";
                })
                .orElse("");
    }
}
