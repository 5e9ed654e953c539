package dev.gpudoctor.host.live;

import java.util.Map;

/** The CUresult values cuInit gives on a broken host, by NVIDIA's own names (cuda.h). */
public final class CudaErrors {

    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "CUDA_SUCCESS"),
            Map.entry(1, "CUDA_ERROR_INVALID_VALUE"),
            Map.entry(3, "CUDA_ERROR_NOT_INITIALIZED"),
            Map.entry(35, "CUDA_ERROR_INSUFFICIENT_DRIVER"),
            Map.entry(100, "CUDA_ERROR_NO_DEVICE"),
            Map.entry(101, "CUDA_ERROR_INVALID_DEVICE"),
            Map.entry(222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"),
            Map.entry(304, "CUDA_ERROR_OPERATING_SYSTEM"),
            Map.entry(803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH"),
            Map.entry(804, "CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE"),
            Map.entry(999, "CUDA_ERROR_UNKNOWN"));

    private CudaErrors() {
    }

    public static String name(int code) {
        return NAMES.getOrDefault(code, "CUDA_ERROR_" + code);
    }
}
