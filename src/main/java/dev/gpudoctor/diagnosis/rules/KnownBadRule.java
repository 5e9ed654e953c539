package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.VersionConstraint;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.fact.section.Sources;
import dev.gpudoctor.matrix.GpuModel;
import dev.gpudoctor.matrix.KnownBad;
import dev.gpudoctor.matrix.Matrix;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The combinations of known-bad.yaml that hold on this host: an entry whose {@code affects:} holds
 * is raised with its problem, its fix and its source. Each key of a condition is a fact read here;
 * a fact that is unknown on this host (no nvidia-smi, a GPU the matrix does not list, no torch
 * build facts) does not hold, so an entry is never raised on a guess.
 */
public final class KnownBadRule implements Rule {

    static final String KNOWN_BAD = "matrix.known-bad";

    private final Matrix matrix;

    public KnownBadRule(Matrix matrix) {
        this.matrix = matrix;
    }

    @Override
    public List<String> codes() {
        return List.of(KNOWN_BAD);
    }

    /** A GPU of the host whose compute capability the matrix states (confirmed entries only). */
    private record Gpu(String name, GpuModel model) {

        String line() {
            return name + ": compute capability " + model.computeCapability() + " [" + model.citation().where() + "]";
        }
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Gpu> gpus = new ArrayList<>();
        for (DriverFacts.SmiGpu g : Known.smiGpus(f)) {
            matrix.lookupGpu(g.name()).filter(m -> m.citation().confirmed()).ifPresent(m -> gpus.add(new Gpu(g.name(), m)));
        }
        List<PythonFacts.PythonEnv> envs = f.python() == null ? List.of() : f.python().environments().orElse(List.of());
        List<Finding> out = new ArrayList<>();
        for (KnownBad k : matrix.knownBad()) {
            if (!k.matchable()) {
                continue;
            }
            Set<String> evidence = new LinkedHashSet<>();
            List<String> held = new ArrayList<>();
            String area = null;
            for (KnownBad.Condition c : k.affects()) {
                List<String> matched = match(c, f, gpus, envs);
                if (!matched.isEmpty()) {
                    area = area == null ? area(c) : area;
                    evidence.addAll(matched);
                    held.add(c.toString());
                }
            }
            if (held.isEmpty()) {
                continue;
            }
            evidence.add(k.id() + ": " + String.join("; ", held) + " [" + k.citation().where() + "]");
            out.add(new Finding(KNOWN_BAD, severity(k), area, "Known-bad combination " + k.id() + " holds on this host",
                    k.problem(), List.copyOf(evidence), List.of(Fix.advice(k.fix(), k.citation().url()))));
        }
        return out;
    }

    /**
     * An error where the source says the combination does not work at all (the entry's severity);
     * never from an entry kept for information only, as for every matrix rule.
     */
    private static Severity severity(KnownBad k) {
        return k.severity().equals("error") && k.citation().confirmed() ? Severity.ERROR : Severity.WARNING;
    }

    /** The report area of what the condition is about: the framework's environment, else the GPU or the driver. */
    private static String area(KnownBad.Condition c) {
        return c.aboutPython() ? "Python" : c.computeCapability().isPresent() ? "GPUs" : "Driver";
    }

    /** The facts that make the condition hold, one line each; empty when some key does not hold or is unknown. */
    private static List<String> match(KnownBad.Condition c, HostFacts f, List<Gpu> gpus, List<PythonFacts.PythonEnv> envs) {
        List<String> lines = new ArrayList<>();
        if (c.driver().isPresent()) {
            Optional<Version> driver = Known.runningDriver(f);
            if (driver.isEmpty() || !c.driver().get().test(driver.get())) {
                return List.of();
            }
            lines.add("running driver " + driver.get());
        }
        if (c.computeCapability().isPresent()) {
            List<String> held = gpus.stream().filter(g -> c.computeCapability().get().test(g.model().computeCapability()))
                    .map(Gpu::line).toList();
            if (held.isEmpty()) {
                return List.of();
            }
            lines.addAll(held);
        }
        if (c.aboutPython()) {
            List<String> held = new ArrayList<>();
            for (PythonFacts.PythonEnv env : envs) {
                environmentLine(c, env).ifPresent(held::add);
            }
            if (held.isEmpty()) {
                return List.of();
            }
            lines.addAll(held);
        }
        return lines;
    }

    /** What holds in one environment, as one line with where it was read; empty when some Python key does not hold. */
    private static Optional<String> environmentLine(KnownBad.Condition c, PythonFacts.PythonEnv env) {
        List<String> parts = new ArrayList<>();
        String sources = "";
        if (c.torch().isPresent() || !c.torchCuda().isEmpty()) {
            if (!env.torch().isFound()) {
                return Optional.empty();
            }
            PythonFacts.TorchBuild t = env.torch().value();
            if (!holds(c.torch(), Version.find(t.version()))) {
                return Optional.empty();
            }
            if (!c.torchCuda().isEmpty()) {
                String tag = t.builtForCuda() == null ? null : "cu" + t.builtForCuda().toString().replace(".", "");
                if (tag == null || c.torchCuda().stream().noneMatch(tag::equalsIgnoreCase)) {
                    return Optional.empty();
                }
            }
            parts.add("torch " + t.version() + (t.builtForCuda() == null ? "" : ", built for CUDA " + t.builtForCuda()));
            sources += Sources.of(env.torch());
        }
        if (c.tensorflow().isPresent()) {
            if (!env.tensorflow().isFound() || !holds(c.tensorflow(), Version.find(env.tensorflow().value().version()))) {
                return Optional.empty();
            }
            parts.add("tensorflow " + env.tensorflow().value().version());
            sources += Sources.of(env.tensorflow());
        }
        for (Map.Entry<String, VersionConstraint> p : c.packages().entrySet()) {
            Version installed = env.packages().get(p.getKey());
            if (installed == null || !p.getValue().test(installed)) {
                return Optional.empty();
            }
            parts.add(p.getKey() + " " + installed);
        }
        if (!c.environment().isEmpty() && !c.environment().contains(env.kind())) {
            return Optional.empty();
        }
        return Optional.of((parts.isEmpty() ? "Python environment" : String.join(", ", parts) + " in") + " "
                + env.prefix() + " (" + env.kind() + ")" + sources);
    }

    /** No constraint holds for anything; a constraint does not hold for an unknown version. */
    private static boolean holds(Optional<VersionConstraint> constraint, Optional<Version> have) {
        return constraint.isEmpty() || have.isPresent() && constraint.get().test(have.get());
    }
}
