package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The GPUs a build supports, as its source states it: either "SM x.y and later" ({@code min}) or an
 * explicit list of compute capabilities, or nothing at all.
 */
public record ComputeCapabilities(Optional<Version> min, List<Version> listed) {

    static final ComputeCapabilities UNSTATED = new ComputeCapabilities(Optional.empty(), List.of());

    /** Reads {@code {min: "3.5"}} or {@code ["7.5", "8.0"]}; absent is unstated. */
    static ComputeCapabilities read(Node parent, String name) {
        if (!parent.has(name)) {
            return UNSTATED;
        }
        Node n = parent.child(name);
        if (n.has("min")) {
            return new ComputeCapabilities(Optional.of(n.version("min")), List.of());
        }
        return new ComputeCapabilities(Optional.empty(), parent.versions(name));
    }

    /** Whether a GPU of this compute capability is supported; empty where the source does not say. */
    public Optional<Boolean> supports(Version cc) {
        if (!listed.isEmpty()) {
            return Optional.of(listed.contains(cc));
        }
        return min.map(cc::isAtLeast);
    }

    public boolean stated() {
        return min.isPresent() || !listed.isEmpty();
    }

    @Override
    public String toString() {
        if (min.isPresent()) {
            return "SM " + min.get() + "+";
        }
        return listed.isEmpty() ? "SM unstated"
                : "SM " + listed.stream().map(Version::toString).collect(Collectors.joining(","));
    }
}
