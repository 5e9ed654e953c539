package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.DriverFacts;
import java.util.ArrayList;
import java.util.List;

/** What nvidia-smi says of each GPU's state: MIG mode, memory errors, row remapping. */
public final class GpuHealthRule implements Rule {

    static final String MIG = "gpu.mig-enabled";
    static final String ECC = "gpu.uncorrected-ecc-errors";
    static final String REMAP_FAILED = "gpu.row-remap-failure";
    static final String REMAP_PENDING = "gpu.row-remap-pending";

    @Override
    public List<String> codes() {
        return List.of(MIG, ECC, REMAP_FAILED, REMAP_PENDING);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        for (DriverFacts.SmiGpu g : Known.smiGpus(f)) {
            String id = g.name() + " " + g.pciBusId();
            String ev = id + " [nvidia-smi -q -x]";
            if ("Enabled".equalsIgnoreCase(g.migCurrent())) {
                out.add(new Finding(MIG, Severity.WARNING, "GPUs", "MIG is enabled on " + id,
                        "Programs see MIG instances, not the whole GPU; tools that expect full GPUs (NCCL jobs, some "
                                + "benchmarks, TensorRT plans built on the full GPU) fail or misbehave.",
                        List.of(ev + ": MIG " + g.migCurrent()),
                        List.of(new Fix("Disable MIG if whole GPUs are wanted (no process may use the GPU)",
                                List.of(List.of("nvidia-smi", "-i", g.pciBusId(), "-mig", "0")), true, false,
                                Fix.Risk.CHANGES_KERNEL, "https://docs.nvidia.com/datacenter/tesla/mig-user-guide/"))));
            }
            if (g.volatileUncorrectedEcc() != null && g.volatileUncorrectedEcc() > 0) {
                out.add(new Finding(ECC, Severity.ERROR, "GPUs", g.volatileUncorrectedEcc() + " uncorrected ECC errors on " + id,
                        "Uncorrectable memory errors since the driver loaded: results may be wrong and jobs may crash.",
                        List.of(ev + ": volatile uncorrected " + g.volatileUncorrectedEcc()),
                        List.of(Fix.advice("Drain the GPU, reset it (nvidia-smi -r) or reboot, and contact the hardware vendor if they return.", null))));
            }
            if ("Yes".equalsIgnoreCase(g.remappedRowsFailure())) {
                out.add(new Finding(REMAP_FAILED, Severity.ERROR, "GPUs", "Row remapping failed on " + id,
                        "The GPU ran out of spare memory rows: it needs to be replaced.",
                        List.of(ev + ": remapped_row_failure Yes"), List.of(Fix.advice("Replace the GPU (RMA).", null))));
            } else if ("Yes".equalsIgnoreCase(g.remappedRowsPending())) {
                out.add(new Finding(REMAP_PENDING, Severity.WARNING, "GPUs", "A memory row remap is pending on " + id,
                        "A faulty row will be remapped at the next GPU reset; until then errors can recur.",
                        List.of(ev + ": remapped_row_pending Yes"),
                        List.of(new Fix("Reset the GPU when it is idle", List.of(List.of("nvidia-smi", "-r", "-i", g.pciBusId())),
                                true, false, Fix.Risk.SAFE, null))));
            }
        }
        return out;
    }
}
