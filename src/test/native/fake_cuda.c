/*
 * A stand-in libcuda.so.1 for tests: cuDriverGetVersion, cuInit, cuDeviceGetCount answering as one
 * behaviour chosen at build time (-DMODE="healthy-h100", ...), like fake_nvml.c.
 */
#include <string.h>
#include <unistd.h>

#ifndef MODE
#define MODE "healthy-h100"
#endif

static int is(const char *m) { return strcmp(MODE, m) == 0; }

int cuDriverGetVersion(int *v) { *v = 13000; return 0; }
int cuInit(unsigned flags) {
    if (is("hang")) for (;;) pause();
    if (flags != 0) return 1;
    if (is("driver-not-loaded") || is("no-devices")) return 100; /* CUDA_ERROR_NO_DEVICE */
    if (is("version-mismatch")) return 803;                      /* CUDA_ERROR_SYSTEM_DRIVER_MISMATCH */
    if (is("insufficient-driver")) return 35;                    /* CUDA_ERROR_INSUFFICIENT_DRIVER */
    if (is("compat-unsupported")) return 804;                    /* CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE */
    if (is("unknown-error")) return 999;                         /* CUDA_ERROR_UNKNOWN */
    return 0;
}
int cuDeviceGetCount(int *c) { *c = is("gpu-lost") ? 2 : 1; return 0; }
