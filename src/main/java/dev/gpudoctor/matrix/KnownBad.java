package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.VersionConstraint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A combination known not to work, with the fix its source gives.
 *
 * @param components the setup in words, as the source describes it
 * @param affects    the same setup as conditions on the facts gpu-doctor reads: the entry applies to a
 *                   host where all keys of one condition hold; empty where the setup cannot be told
 *                   from those facts (the entry is then for people only)
 * @param severity   "error" where the source says the combination does not work at all, else "warning"
 */
public record KnownBad(String id, Map<String, String> components, List<Condition> affects, String severity,
        String problem, String fix, Citation citation) implements Cited {

    /**
     * One alternative of {@code affects:}; every key given must hold. The Python keys (torch,
     * torchCuda, tensorflow, environment, packages) must hold in one and the same environment, since
     * the combination is of what one process loads.
     *
     * @param torch             the torch release (2.7.1 of "2.7.1+cu128")
     * @param torchCuda         the CUDA variant of the torch build ("cu128"), any of these
     * @param tensorflow        the tensorflow release
     * @param environment       the kind of Python environment (venv, conda, system, prefix), any of these
     * @param packages          installed distributions by PEP 503 name and release
     * @param driver            the running driver
     * @param computeCapability the compute capability of a GPU of the host (by the matrix's GPU table)
     */
    public record Condition(Optional<VersionConstraint> torch, List<String> torchCuda,
            Optional<VersionConstraint> tensorflow, List<String> environment, Map<String, VersionConstraint> packages,
            Optional<VersionConstraint> driver, Optional<VersionConstraint> computeCapability) {

        static Condition read(Node n) {
            return new Condition(n.optConstraint("torch"), n.texts("torchCuda"), n.optConstraint("tensorflow"),
                    n.texts("environment"), n.constraints("packages"), n.optConstraint("driver"),
                    n.optConstraint("computeCapability"));
        }

        /** Whether some key is about a Python environment, so that the condition holds per environment. */
        public boolean aboutPython() {
            return torch.isPresent() || !torchCuda.isEmpty() || tensorflow.isPresent() || !environment.isEmpty()
                    || !packages.isEmpty();
        }

        @Override
        public String toString() {
            List<String> parts = new ArrayList<>();
            torch.ifPresent(c -> parts.add("torch" + c));
            if (!torchCuda.isEmpty()) {
                parts.add("torch variant " + String.join("|", torchCuda));
            }
            tensorflow.ifPresent(c -> parts.add("tensorflow" + c));
            if (!environment.isEmpty()) {
                parts.add("in a " + String.join("|", environment) + " environment");
            }
            packages.forEach((name, c) -> parts.add(name + c));
            driver.ifPresent(c -> parts.add("driver" + c));
            computeCapability.ifPresent(c -> parts.add("compute capability" + c));
            return String.join(", ", parts);
        }
    }

    static KnownBad read(Node n) {
        return new KnownBad(n.text("id"), Collections.unmodifiableMap(n.textMap("components")),
                n.items("affects").stream().map(Condition::read).toList(),
                n.optText("severity").orElse("warning"), n.text("problem"), n.text("fix"), n.citation());
    }

    /** Whether a rule can match this entry against a host's facts. */
    public boolean matchable() {
        return !affects.isEmpty();
    }

    @Override
    public String describe() {
        return id + ": " + problem + (affects.isEmpty() ? ""
                : " [affects: " + affects.stream().map(Condition::toString).collect(Collectors.joining("; or "))
                        + "]");
    }
}
