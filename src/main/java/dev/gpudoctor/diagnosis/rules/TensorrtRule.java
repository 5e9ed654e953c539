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

    @Override
    public List<String> codes() {
        return List.of(WHEELS_DIFFER);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        if (f.dnn() == null || !f.dnn().tensorrt().isFound()) {
            return out;
        }
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

    private static String parent(String p) {
        return p.substring(0, Math.max(1, p.lastIndexOf('/')));
    }
}
