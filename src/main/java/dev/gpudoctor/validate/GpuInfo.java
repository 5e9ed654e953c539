package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The GPU the ladder ran on, as the driver API describes it.
 *
 * @param ordinal           the CUDA device ordinal (after CUDA_VISIBLE_DEVICES)
 * @param computeCapability "9.0"
 * @param driverCuda        the CUDA version the driver supports (cuDriverGetVersion), "13.0"
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GpuInfo(int ordinal, String name, String computeCapability, Long memoryBytes, String driverCuda) {

    /** "compute_90" for NVRTC's --gpu-architecture. */
    public String computeArch() {
        return "compute_" + computeCapability.replace(".", "");
    }
}
