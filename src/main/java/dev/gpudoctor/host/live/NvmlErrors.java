package dev.gpudoctor.host.live;

import java.util.Map;

/** NVML's nvmlReturn_t values by NVIDIA's own names (nvml.h), so messages can be searched for. */
final class NvmlErrors {

    static final int SUCCESS = 0;
    static final int NOT_SUPPORTED = 3;
    static final int GPU_IS_LOST = 15;

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "NVML_SUCCESS"),
            Map.entry(1, "NVML_ERROR_UNINITIALIZED"),
            Map.entry(2, "NVML_ERROR_INVALID_ARGUMENT"),
            Map.entry(3, "NVML_ERROR_NOT_SUPPORTED"),
            Map.entry(4, "NVML_ERROR_NO_PERMISSION"),
            Map.entry(6, "NVML_ERROR_NOT_FOUND"),
            Map.entry(7, "NVML_ERROR_INSUFFICIENT_SIZE"),
            Map.entry(9, "NVML_ERROR_DRIVER_NOT_LOADED"),
            Map.entry(12, "NVML_ERROR_LIBRARY_NOT_FOUND"),
            Map.entry(13, "NVML_ERROR_FUNCTION_NOT_FOUND"),
            Map.entry(15, "NVML_ERROR_GPU_IS_LOST"),
            Map.entry(17, "NVML_ERROR_OPERATING_SYSTEM"),
            Map.entry(18, "NVML_ERROR_LIB_RM_VERSION_MISMATCH"),
            Map.entry(999, "NVML_ERROR_UNKNOWN"));

    private NvmlErrors() {
    }

    static String name(int code) {
        return NAMES.getOrDefault(code, "NVML_ERROR_" + code);
    }

    /** "NVML_ERROR_DRIVER_NOT_LOADED (9)" */
    static String describe(int code) {
        return name(code) + " (" + code + ")";
    }
}
