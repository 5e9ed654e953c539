package dev.gpudoctor.host;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What the CUDA driver API (libcuda.so.1) answers.
 *
 * @param driverVersion cuDriverGetVersion, raw (13000 is CUDA 13.0)
 * @param initResult    cuInit(0)'s CUresult (0 success, 35 insufficient driver, 100 no device, 803, 804, 999)
 * @param initError     the CUresult's name (CUDA_ERROR_NO_DEVICE), null on success
 * @param deviceCount   cuDeviceGetCount, when cuInit succeeded
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CudaDriverReport(Integer driverVersion, int initResult, String initError, Integer deviceCount,
                               String library) {
}
