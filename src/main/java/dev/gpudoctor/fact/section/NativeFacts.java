package dev.gpudoctor.fact.section;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.CudaDriverReport;
import dev.gpudoctor.host.NvmlReport;
import java.util.ArrayList;
import java.util.List;

/** What the driver's own libraries answer: NVML and the CUDA driver API, or why they could not be asked. */
public record NativeFacts(Fact<String> availability, Fact<NvmlReport> nvml, Fact<CudaDriverReport> cudaDriver)
        implements Section {

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        d.add("native calls: " + availability.describe(s -> s) + Sources.of(availability));
        d.add("NVML: " + nvml.describe(n -> "driver " + n.driverVersion() + ", CUDA "
                + (n.cudaDriverVersion() == null ? "?" : Version.fromCudaInt(n.cudaDriverVersion()))
                + ", " + n.gpus().size() + " GPU(s)" + (n.library() == null ? "" : " from " + n.library())) + Sources.of(nvml));
        if (nvml.isFound()) {
            for (NvmlReport.Gpu g : nvml.value().gpus()) {
                d.add("    " + g.index() + ": " + g.name() + (g.computeCapabilityMajor() == null ? ""
                        : ", compute capability " + g.computeCapabilityMajor() + "." + g.computeCapabilityMinor())
                        + (g.memoryTotalBytes() == null ? "" : ", " + g.memoryTotalBytes() / (1024 * 1024) + " MiB")
                        + (g.error() == null ? "" : ", error: " + g.error()));
            }
        }
        d.add("CUDA driver API: " + cudaDriver.describe(c -> (c.driverVersion() == null ? "" : "cuDriverGetVersion "
                + Version.fromCudaInt(c.driverVersion()) + ", ") + "cuInit " + (c.initResult() == 0 ? "CUDA_SUCCESS"
                : c.initError() + " (" + c.initResult() + ")") + (c.deviceCount() == null ? "" : ", " + c.deviceCount()
                + " device(s)")) + Sources.of(cudaDriver));
        String head;
        AreaLine.Health health = AreaLine.Health.INFO;
        if (nvml.isFound() && cudaDriver.isFound() && cudaDriver.value().initResult() == 0) {
            head = "NVML and cuInit answer: " + nvml.value().gpus().size() + " GPU(s), driver " + nvml.value().driverVersion();
            health = AreaLine.Health.OK;
        } else if (cudaDriver.isFound() && cudaDriver.value().initResult() != 0) {
            head = "cuInit fails: " + cudaDriver.value().initError() + " (" + cudaDriver.value().initResult() + ")";
            health = AreaLine.Health.PROBLEM;
        } else {
            head = "NVML " + nvml.describe(n -> "answers") + "; CUDA driver API " + cudaDriver.describe(c -> "answers");
        }
        return List.of(new AreaLine("Native", health, head, d));
    }
}
