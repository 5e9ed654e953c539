/*
 * A fake CUDA runtime for the tests of the tensorrt Python route without a GPU: the calls that
 * trt_engine.py makes through ctypes, with host memory standing in for device memory, so that the
 * fake tensorrt module can read the inputs and write the outputs at the addresses it is given.
 * -DNO_MEMORY builds one whose cudaMalloc fails as on a machine whose driver is missing.
 */
#include <stdlib.h>
#include <string.h>

int cudaMalloc(void **p, size_t n) {
#ifdef NO_MEMORY
    (void) p; (void) n;
    return 35; /* cudaErrorInsufficientDriver */
#else
    *p = calloc(1, n);
    return *p ? 0 : 2; /* cudaErrorMemoryAllocation */
#endif
}

int cudaFree(void *p) { free(p); return 0; }

int cudaMemcpy(void *dst, const void *src, size_t n, int kind) { (void) kind; memcpy(dst, src, n); return 0; }

int cudaStreamCreate(void **s) { *s = (void *) 0x1; return 0; }

int cudaStreamSynchronize(void *s) { (void) s; return 0; }

const char *cudaGetErrorString(int e) {
    return e == 0 ? "no error" : e == 35 ? "CUDA driver version is insufficient for CUDA runtime version"
                                         : "out of memory";
}
