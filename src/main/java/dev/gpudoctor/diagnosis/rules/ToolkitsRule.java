package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.CudaFacts;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Several toolkits: /usr/local/cuda decides which one builds use by default (nvcc on PATH,
 * CMake's FindCUDAToolkit), and it often still points at the older one after an install.
 */
public final class ToolkitsRule implements Rule {

    static final String DEFAULT_OLDER = "toolkit.default-not-newest";

    @Override
    public List<String> codes() {
        return List.of(DEFAULT_OLDER);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        CudaFacts c = f.cuda();
        if (c == null || !c.defaultToolkitLink().isFound()) {
            return List.of();
        }
        List<CudaFacts.Toolkit> all = c.toolkits().orElse(List.of());
        Optional<CudaFacts.Toolkit> newest = all.stream().filter(t -> t.version() != null)
                .max(Comparator.comparing(CudaFacts.Toolkit::version));
        Optional<CudaFacts.Toolkit> chosen = all.stream()
                .filter(t -> t.home().equals(c.defaultToolkitLink().value())).findFirst();
        if (newest.isEmpty() || chosen.isEmpty() || chosen.get().version() == null
                || !chosen.get().version().isOlderThan(newest.get().version())) {
            return List.of();
        }
        CudaFacts.Toolkit n = newest.get();
        CudaFacts.Toolkit d = chosen.get();
        return List.of(new Finding(DEFAULT_OLDER, Severity.INFO, "CUDA toolkit",
                "/usr/local/cuda points to toolkit " + d.version() + "; " + n.version() + " is also installed",
                "Builds that use /usr/local/cuda (nvcc on PATH, CMake, CUDA_HOME) get " + d.version()
                        + ", not the newest toolkit.",
                List.of(Known.show("/usr/local/cuda", c.defaultToolkitLink(), "-> " + d.home()),
                        "toolkits: " + String.join(", ", all.stream().map(t -> Objects.toString(t.version()) + " at " + t.home()).toList())),
                List.of(new Fix("If " + n.version() + " is the one wanted: point /usr/local/cuda at it (package installs "
                                + "manage the link with update-alternatives)",
                                List.of(List.of("update-alternatives", "--set", "cuda", n.home())), true, false,
                                Fix.Risk.SAFE, "https://docs.nvidia.com/cuda/cuda-installation-guide-linux/"),
                        new Fix("Or, for a runfile install, replace the link itself",
                                List.of(List.of("ln", "-sfn", n.home(), "/usr/local/cuda")), true, false,
                                Fix.Risk.SAFE, null))));
    }
}
