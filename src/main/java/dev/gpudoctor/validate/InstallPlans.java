package dev.gpudoctor.validate;

import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.SystemFacts;
import dev.gpudoctor.fix.Distribution;
import dev.gpudoctor.fix.InstallSteps;
import dev.gpudoctor.matrix.InstallGuide;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.TensorrtRelease;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The install plans validate proposes for what is missing, from the compatibility matrix and this
 * distribution ({@link InstallSteps}: argv lists from install.yaml, or advice where it has no steps).
 * Without a readable matrix every plan is advice that says so.
 */
public final class InstallPlans {

    private final Matrix matrix;
    private final InstallSteps steps;
    private final String matrixProblem;

    private InstallPlans(Matrix matrix, InstallSteps steps, String matrixProblem) {
        this.matrix = matrix;
        this.steps = steps;
        this.matrixProblem = matrixProblem;
    }

    /** Plans for a host of this os-release (null or a failed fact: unknown system, advice only). */
    public static InstallPlans of(Matrix m, SystemFacts system) {
        Distribution d = system != null && system.os().isFound() ? Distribution.of(system.os().value(), m)
                : Distribution.of((dev.gpudoctor.fact.HostFacts) null, m);
        return new InstallPlans(m, new InstallSteps(m, d), null);
    }

    /** No matrix: every plan is advice naming why. */
    public static InstallPlans without(String why) {
        return new InstallPlans(null, null, why);
    }

    /**
     * TensorRT for the driver's CUDA major: the newest release of the matrix that this distribution
     * has install steps for (install.yaml lists packages per TensorRT major; tensorrt.yaml says which
     * CUDA each release is built for, where it says). Releases are tried newest first, and the first
     * plan with commands wins; where none has, the newest release's advice.
     */
    public Fix tensorrt(int cudaMajor) {
        if (matrix == null) {
            return noMatrix("TensorRT", "https://docs.nvidia.com/deeplearning/tensorrt/latest/installing-tensorrt/installing.html");
        }
        List<Version> versions = matrix.tensorrt().stream().map(TensorrtRelease::version).distinct()
                .sorted(Comparator.reverseOrder()).toList();
        Fix first = null;
        for (Version v : versions) {
            if (v.size() < 2) {
                continue;
            }
            Fix f = steps.tensorrt(v, cudaMajor);
            if (f.isRunnable()) {
                return f;
            }
            if (first == null) {
                first = f;
            }
        }
        return first != null ? first : Fix.advice("The compatibility matrix lists no TensorRT release",
                guide("tensorrt").orElse(null));
    }

    /** The CUDA toolkit of the driver's own CUDA version (NVRTC and cuBLAS come with it). */
    public Fix cudaToolkit(Version driverCuda) {
        if (matrix == null) {
            return noMatrix("the CUDA toolkit", "https://docs.nvidia.com/cuda/cuda-installation-guide-linux/index.html");
        }
        return steps.cudaToolkit(driverCuda.prefix(2));
    }

    /** cuDNN 9 for the driver's CUDA major. */
    public Fix cudnn(int cudaMajor) {
        if (matrix == null) {
            return noMatrix("cuDNN", "https://docs.nvidia.com/deeplearning/cudnn/installation/latest/linux.html");
        }
        int newest = matrix.cudnn().stream().map(r -> r.version().major()).max(Integer::compare).orElse(9);
        return steps.cudnn(newest, cudaMajor);
    }

    /** The generic guide of a component (driver, cuda-toolkit, cudnn, tensorrt), from install.yaml. */
    public Optional<String> guide(String component) {
        return matrix == null ? Optional.empty() : matrix.install().guide(component).map(InstallGuide.Guide::source);
    }

    private Fix noMatrix(String what, String doc) {
        return Fix.advice("Install " + what + " as NVIDIA's guide describes (the compatibility matrix could not be read: "
                + matrixProblem + ")", doc);
    }
}
