package dev.gpudoctor.fix.ngc;

import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.host.NvmlReport;
import dev.gpudoctor.matrix.GpuModel;
import dev.gpudoctor.matrix.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the matcher needs of a host: the running driver and each kind of GPU (eight H200s are one
 * entry, so that the reasons say it once).
 *
 * @param driver empty where no NVIDIA driver runs
 */
record HostView(Optional<Version> driver, List<Gpu> gpus) {

    /**
     * One kind of GPU.
     *
     * @param model      its gpus.yaml entry, which gives its class (and its compute capability where NVML did not)
     * @param cc         its compute capability, NVML's answer first (the device's own word), else gpus.yaml's
     * @param ccFromNvml whether cc is NVML's answer rather than the matrix's
     */
    record Gpu(String name, Optional<GpuModel> model, Optional<Version> cc, boolean ccFromNvml) {
    }

    static HostView of(HostFacts f, Matrix m) {
        // A report written before natives existed has no nvml fact at all: read as not asked.
        List<NvmlReport.Gpu> nvml = f.natives() != null && f.natives().nvml() != null && f.natives().nvml().isFound()
                ? f.natives().nvml().get().map(NvmlReport::gpus).orElse(List.of()) : List.of();
        List<Gpu> gpus = new ArrayList<>();
        List<DriverFacts.SmiGpu> smi = f.smiGpus();
        if (!smi.isEmpty()) {
            for (DriverFacts.SmiGpu g : smi) {
                Optional<NvmlReport.Gpu> same = nvml.stream()
                        .filter(n -> n.pciBusId() != null && n.pciBusId().equalsIgnoreCase(g.pciBusId())).findFirst();
                gpus.add(gpu(g.name(), same, m));
            }
        } else {
            nvml.forEach(n -> gpus.add(gpu(n.name(), Optional.of(n), m)));
        }
        return new HostView(f.runningDriver(), gpus.stream().distinct().toList());
    }

    private static Gpu gpu(String name, Optional<NvmlReport.Gpu> nvml, Matrix m) {
        Optional<GpuModel> model = name == null ? Optional.empty() : m.lookupGpu(name);
        Optional<Version> measured = nvml.filter(n -> n.computeCapabilityMajor() != null && n.computeCapabilityMinor() != null)
                .map(n -> Version.of(n.computeCapabilityMajor() + "." + n.computeCapabilityMinor()));
        return new Gpu(name == null ? "an unnamed GPU" : name, model,
                measured.or(() -> model.map(GpuModel::computeCapability)), measured.isPresent());
    }
}
