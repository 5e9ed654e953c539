package dev.gpudoctor.diagnosis.require;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.VersionConstraint;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Checks requirements against the facts. What each key is compared with:
 * driver: the running driver; cuda: the highest CUDA the driver supports; toolkit, cudnn,
 * tensorrt, nccl: any installed copy; cc: every GPU's compute capability; gpus: the number of GPUs;
 * torch, tensorflow: any environment's version (with +cuXXX compared exactly when given).
 * A requirement whose fact is unknown is not met: a gate must not pass on missing knowledge.
 */
public final class RequirementCheck {

    public static final String UNMET = "require.unmet";

    private final Function<String, Optional<Version>> computeCapabilityOfGpuName;

    /** @param computeCapabilityOfGpuName looks a GPU's compute capability up by nvidia-smi's name */
    public RequirementCheck(Function<String, Optional<Version>> computeCapabilityOfGpuName) {
        this.computeCapabilityOfGpuName = computeCapabilityOfGpuName;
    }

    public List<Finding> check(HostFacts f, List<Requirement> requirements) {
        List<Finding> out = new ArrayList<>();
        for (Requirement r : requirements) {
            Outcome o = evaluate(f, r);
            if (!o.met) {
                out.add(new Finding(UNMET, Severity.ERROR, "Requirements", "Requirement " + r + " is not met",
                        "The host was asked for " + r + " (--require): " + o.why + ".",
                        List.of(o.why), List.of(Fix.advice("Run on a host that meets it, or bring the stack up to it (the other "
                                + "findings say what stands in the way).", null))));
            }
        }
        return out;
    }

    private record Outcome(boolean met, String why) {
    }

    private Outcome evaluate(HostFacts f, Requirement r) {
        return switch (r.key()) {
            case "driver" -> single("the driver", f.runningDriver(), r);
            case "cuda" -> single("the driver's CUDA ceiling", f.cudaCeiling(), r);
            case "toolkit" -> any("toolkit", f.cuda() == null ? List.of()
                    : f.cuda().toolkits().orElse(List.of()).stream().map(CudaFacts.Toolkit::version)
                    .filter(java.util.Objects::nonNull).toList(), r);
            case "cudnn" -> any("cuDNN", dnn(f, DnnFacts::cudnn), r);
            case "tensorrt" -> any("TensorRT", dnn(f, DnnFacts::tensorrt), r);
            case "nccl" -> any("NCCL", dnn(f, DnnFacts::nccl), r);
            case "gpus" -> single("the number of GPUs", Optional.of(Version.of(String.valueOf(f.smiGpus().size()))), r);
            case "cc" -> computeCapability(f, r);
            case "torch", "tensorflow" -> framework(f, r);
            default -> new Outcome(false, "unknown key " + r.key());
        };
    }

    private static Outcome single(String what, Optional<Version> have, Requirement r) {
        if (have.isEmpty()) {
            return new Outcome(false, what + " is unknown on this host");
        }
        boolean ok = compare(have.get(), r.op(), Version.of(r.value()));
        return new Outcome(ok, what + " is " + have.get());
    }

    private static Outcome any(String what, List<Version> versions, Requirement r) {
        if (versions.isEmpty()) {
            return new Outcome(false, "no " + what + " is installed");
        }
        boolean ok = versions.stream().anyMatch(v -> compare(v, r.op(), Version.of(r.value())));
        return new Outcome(ok, what + " installed: " + String.join(", ", versions.stream().map(Version::toString).distinct().toList()));
    }

    private Outcome computeCapability(HostFacts f, Requirement r) {
        List<DriverFacts.SmiGpu> gpus = f.smiGpus();
        if (gpus.isEmpty()) {
            return new Outcome(false, "no GPU is known on this host");
        }
        List<String> seen = new ArrayList<>();
        boolean ok = true;
        for (DriverFacts.SmiGpu g : gpus) {
            Optional<Version> cc = computeCapabilityOfGpuName.apply(g.name());
            if (cc.isEmpty()) {
                return new Outcome(false, "the compute capability of " + g.name() + " is unknown");
            }
            seen.add(g.name() + " " + cc.get());
            ok &= compare(cc.get(), r.op(), Version.of(r.value()));
        }
        return new Outcome(ok, "compute capability: " + String.join(", ", seen));
    }

    private static Outcome framework(HostFacts f, Requirement r) {
        List<String> versions = new ArrayList<>();
        if (f.python() != null) {
            for (PythonFacts.PythonEnv e : f.python().environments().orElse(List.of())) {
                if (r.key().equals("torch") && e.torch().isFound()) {
                    versions.add(e.torch().value().version());
                }
                if (r.key().equals("tensorflow") && e.tensorflow().isFound()) {
                    versions.add(e.tensorflow().value().version());
                }
            }
        }
        if (versions.isEmpty()) {
            return new Outcome(false, r.key() + " is not installed in any environment found");
        }
        boolean exactLocal = r.value().contains("+");
        boolean ok = versions.stream().anyMatch(v -> {
            if (exactLocal) {
                boolean same = v.equals(r.value());
                return r.op().equals("!=") ? !same : r.op().equals("==") && same;
            }
            return Version.find(v.split("\\+")[0]).map(have -> compare(have, r.op(), Version.of(r.value()))).orElse(false);
        });
        return new Outcome(ok, r.key() + " installed: " + String.join(", ", versions));
    }

    /**
     * Compares at the precision the requirement gives: "cudnn>=9" asks about the major only, so
     * 9.14.0 counts as 9; "driver>=550.54" compares 550.54.15 as 550.54. The matrix's version
     * constraints are the same clauses ({@link VersionConstraint}), so both compare alike.
     */
    static boolean compare(Version have, String op, Version want) {
        return new VersionConstraint.Clause(op, want).test(have);
    }

    private static List<Version> dnn(HostFacts f, Function<DnnFacts, dev.gpudoctor.fact.Fact<List<DnnFacts.Install>>> which) {
        if (f.dnn() == null) {
            return List.of();
        }
        return which.apply(f.dnn()).orElse(List.of()).stream().map(DnnFacts.Install::version)
                .filter(java.util.Objects::nonNull).toList();
    }
}
