package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import java.util.ArrayList;
import java.util.List;

/** Container and WSL surroundings, and what the NVIDIA container runtime was asked for. */
public record ContainerFacts(
        Fact<String> container,
        Fact<String> visibleDevices,
        Fact<String> driverCapabilities,
        Fact<RequireCuda> requireCuda,
        Fact<Wsl> wsl) implements Section {

    /**
     * NVIDIA_REQUIRE_CUDA parsed: alternatives separated by spaces (any one must hold), each a list
     * of constraints separated by commas (all must hold), e.g. "cuda>=13.0 brand=tesla,driver>=535,driver<536".
     */
    public record RequireCuda(String raw, List<List<Constraint>> alternatives) {
        public RequireCuda {
            // As the parser writes it: at least one alternative of at least one constraint (the summary
            // names the first; a saved report without one reached it, SavedReportFuzzTest).
            if (raw == null || alternatives == null || alternatives.isEmpty()
                    || alternatives.stream().anyMatch(a -> a == null || a.isEmpty())) {
                throw new IllegalArgumentException("a CUDA requirement needs its text and at least one constraint");
            }
            alternatives = alternatives.stream().map(List::copyOf).toList();
        }
    }

    /** One "key op value" item: cuda>=13.0, brand=tesla, driver<536, arch=9.0. */
    public record Constraint(String key, String op, String value) {
        public Constraint {
            if (key == null || op == null || value == null) {
                throw new IllegalArgumentException("a constraint needs its key, operator and value");
            }
        }

        @Override
        public String toString() {
            return key + op + value;
        }
    }

    /** WSL: version 1 or 2, from the kernel banner and /usr/lib/wsl. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Wsl(int version, String kernelBanner, Boolean wslLibDirectory) {
    }

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        d.add("container: " + container.describe(s -> s) + Sources.of(container));
        d.add("NVIDIA_VISIBLE_DEVICES: " + visibleDevices.describe(s -> s) + Sources.of(visibleDevices));
        d.add("NVIDIA_DRIVER_CAPABILITIES: " + driverCapabilities.describe(s -> s) + Sources.of(driverCapabilities));
        d.add("NVIDIA_REQUIRE_CUDA: " + requireCuda.describe(r -> r.alternatives().size() + " alternative(s), "
                + r.alternatives().stream().map(a -> String.join(",", a.stream().map(Constraint::toString).toList()))
                .limit(3).toList() + (r.alternatives().size() > 3 ? " ..." : "")) + Sources.of(requireCuda));
        d.add("WSL: " + wsl.describe(w -> "WSL" + w.version()) + Sources.of(wsl));
        String head = (container.isFound() ? "in a " + container.value() + " container" : "not in a container")
                + (wsl.isFound() ? ", WSL" + wsl.value().version() : "")
                + (requireCuda.isFound() ? ", image requires " + requireCuda.value().alternatives().get(0).get(0) : "");
        return List.of(AreaLine.info("Container", head, d));
    }
}
