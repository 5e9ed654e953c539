package dev.gpudoctor.host;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What NVML (libnvidia-ml.so.1) answers: the driver's own word, without starting nvidia-smi.
 *
 * @param cudaDriverVersion nvmlSystemGetCudaDriverVersion_v2, raw (13000 is CUDA 13.0)
 * @param library           the file the library was loaded from, where known
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NvmlReport(String driverVersion, String nvmlVersion, Integer cudaDriverVersion, String library,
                         List<Gpu> gpus) {

    public NvmlReport {
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }

    /**
     * One device. A field the device or driver does not support (NVML_ERROR_NOT_SUPPORTED) is null.
     *
     * @param migCurrent         1 enabled, 0 disabled
     * @param clocksEventReasons nvmlDeviceGetCurrentClocksEventReasons bit mask
     * @param powerLimitMilliwatts nvmlDeviceGetEnforcedPowerLimit
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gpu(int index, String name, String uuid, String pciBusId, Integer computeCapabilityMajor,
                      Integer computeCapabilityMinor, Long memoryTotalBytes, Integer migCurrent, Integer persistenceMode,
                      Integer eccCurrent, Long volatileUncorrectedEcc, Integer retiredPagesPending,
                      Integer remappedRowsPending, Integer remappedRowsFailure, Long clocksEventReasons,
                      Integer temperatureC, Integer powerLimitMilliwatts, String error) {
    }
}
