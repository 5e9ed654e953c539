package dev.gpudoctor.fix;

import dev.gpudoctor.diagnosis.rules.GpuArchitectureRule;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.matrix.ArchitectureChange;
import dev.gpudoctor.matrix.CudaToolkit;
import dev.gpudoctor.matrix.GpuModel;
import dev.gpudoctor.matrix.LastBranch;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.PytorchRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * This host's GPUs as the matrix knows them (confirmed gpus.yaml entries only): what a planned
 * build or driver branch must suit. A GPU the matrix does not know constrains nothing, and the
 * plan says so through the absence of a reason.
 */
record HostGpus(List<GpuModel> models) {

    static HostGpus of(HostFacts f, Matrix m) {
        List<GpuModel> models = new ArrayList<>();
        List<DriverFacts.SmiGpu> gpus = f.driver() == null || !f.driver().smi().isFound() ? List.of() : f.driver().smi().value().gpus();
        for (DriverFacts.SmiGpu g : gpus) {
            m.lookupGpu(g.name()).filter(x -> x.citation().confirmed()).ifPresent(models::add);
        }
        return new HostGpus(List.copyOf(models));
    }

    /** Why a torch build cannot run on these GPUs (no kernels and no PTX that could be JIT-compiled), if it cannot. */
    Optional<String> missingKernels(PytorchRelease.Variant v) {
        if (v.archs().isEmpty() || !v.archsConfirmed()) {
            return Optional.empty();
        }
        for (GpuModel g : models) {
            Version cc = g.computeCapability();
            boolean kernels = v.archs().stream().anyMatch(a -> GpuArchitectureRule.runsOn(a, cc));
            boolean ptx = v.ptxArch().filter(p -> cc.compareTo(p) >= 0).isPresent();
            if (!kernels && !ptx) {
                return Optional.of(g.name() + " (compute capability " + cc + ") is not among its architectures " + v.archs());
            }
        }
        return Optional.empty();
    }

    /** Why a toolkit cannot build for these GPUs (it dropped their architecture), if it cannot. */
    Optional<String> toolkitCannotTarget(CudaToolkit t, Matrix m) {
        for (GpuModel g : models) {
            Optional<ArchitectureChange> c = GpuArchitectureRule.droppedBy(m, t.version(), g.computeCapability());
            if (c.isPresent()) {
                int sm = g.computeCapability().major() * 10 + g.computeCapability().minor();
                return Optional.of("CUDA " + c.get().toolkit() + " dropped sm_" + sm + ": toolkit " + t.version() + " cannot build for "
                        + g.name() + " (" + c.get().citation().where() + ")");
            }
        }
        return Optional.empty();
    }

    /** Why these GPUs never get driver branch {@code branch} (their architecture's last branch is older), if so. */
    Optional<String> lastBranchBelow(int branch, Matrix m) {
        for (GpuModel g : models) {
            Optional<LastBranch> last = m.lastBranchFor(g.computeCapability());
            if (last.isPresent() && last.get().citation().confirmed() && last.get().lastBranch() < branch) {
                return Optional.of(g.name() + " (" + last.get().architecture() + ") gets no driver after R" + last.get().lastBranch()
                        + ", and R" + branch + " is needed (" + last.get().citation().where() + ")");
            }
        }
        return Optional.empty();
    }
}
