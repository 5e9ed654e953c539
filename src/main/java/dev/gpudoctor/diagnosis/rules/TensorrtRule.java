package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DnnFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * TensorRT's Python bindings and its libraries come in separate wheels (tensorrt, tensorrt-cuNN,
 * tensorrt-cuNN-libs); of different versions, "import tensorrt" fails or loads mismatched
 * libraries, and a plan built with one will not load in the other.
 */
public final class TensorrtRule implements Rule {

    static final String WHEELS_DIFFER = "tensorrt.wheel-versions-differ";
    static final String CUDA_MAJOR = "tensorrt.cuda-major-unavailable";

    @Override
    public List<String> codes() {
        return List.of(WHEELS_DIFFER, CUDA_MAJOR);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        if (f.dnn() == null || !f.dnn().tensorrt().isFound()) {
            return out;
        }
        cudaMajor(f, out);
        Map<String, List<DnnFacts.Install>> byLocation = DnnFacts.byLocation(f.dnn().tensorrt().value());
        byLocation.forEach((location, installs) -> {
            List<DnnFacts.Install> pip = installs.stream().filter(i -> i.origin().equals("pip") && i.version() != null).toList();
            List<Version> versions = pip.stream().map(DnnFacts.Install::version).map(v -> v.prefix(3)).distinct().toList();
            if (versions.size() > 1) {
                out.add(new Finding(WHEELS_DIFFER, Severity.ERROR, "TensorRT",
                        "TensorRT wheels of different versions in " + parent(location) + ": "
                                + String.join(", ", pip.stream().map(i -> i.detail() + " " + i.version()).toList()),
                        "The bindings and the libraries must be the same release; mixed, import fails or uses the "
                                + "wrong libnvinfer, and engine plans do not load across versions.",
                        pip.stream().map(i -> "pip " + i.detail() + " " + i.version() + " [" + location + "]")
                                .filter(Objects::nonNull).toList(),
                        List.of(Fix.advice("Reinstall one version of all TensorRT wheels, e.g. pip install "
                                + "\"tensorrt==" + versions.get(0) + ".*\".", "https://docs.nvidia.com/deeplearning/tensorrt/"))));
            }
        });
        return out;
    }

    /**
     * TensorRT is built for one CUDA major (libnvinfer10-cuda-12, tensorrt-cu12): it needs that
     * major's runtime and a driver whose ceiling reaches it.
     */
    private static void cudaMajor(HostFacts f, List<Finding> out) {
        java.util.Optional<Version> ceiling = f.cudaCeiling();
        java.util.Set<Integer> reported = new java.util.HashSet<>();
        for (DnnFacts.Install i : f.dnn().tensorrt().value()) {
            Integer m = i.cudaMajor();
            if (m == null || !reported.add(m)) {
                continue;
            }
            if (ceiling.isPresent() && ceiling.get().major() < m) {
                out.add(new Finding(CUDA_MAJOR, Severity.ERROR, "TensorRT",
                        "TensorRT " + i.version() + " is built for CUDA " + m + "; the driver supports up to " + ceiling.get(),
                        "Its libraries need a CUDA " + m + " runtime and a driver that supports it; engines cannot be built "
                                + "or run here.",
                        List.of(i.origin() + " " + i.detail() + " " + i.version() + " [" + i.location() + "]",
                                "driver's CUDA ceiling: " + ceiling.get() + " [nvidia-smi]"),
                        List.of(Fix.advice("Install the TensorRT build for CUDA " + ceiling.get().major()
                                + " (e.g. tensorrt-cu" + ceiling.get().major() + "), or upgrade the driver.",
                                "https://docs.nvidia.com/deeplearning/tensorrt/latest/installing-tensorrt/installing.html"))));
            }
        }
    }

    private static String parent(String p) {
        return p.substring(0, Math.max(1, p.lastIndexOf('/')));
    }
}
