/*
 * A stand-in libcuda.so.1 for tests, answering as one behaviour chosen at build time
 * (-DMODE="healthy-h100", ...), like fake_nvml.c.
 *
 * check's native probe calls cuDriverGetVersion, cuInit and cuDeviceGetCount. validate's ladder calls
 * the rest: "device memory" is host memory (malloc), copies are memcpy, and a "module" is PTX text
 * that is checked the way the driver's JIT checks it (its .version against the highest this driver
 * accepts, its .target against the GPU) and whose entry points are found by name; launching the
 * ladder's two kernels (y = fma(a, x, y)) runs them on the CPU over exactly the threads the launch
 * configuration covers, so a wrong grid shows as wrong results.
 *
 * Modes of validate: healthy-h100; driver-cuda-12.8 (accepts PTX ISA up to 8.7: a CUDA 13 toolkit's
 * PTX is refused); driver-cuda-10.2 (up to 6.5: even the hand-written PTX 7.0 is refused); volta-v100
 * (compute capability 7.0, which CUDA 13's NVRTC dropped); jit-missing (the JIT library is absent:
 * CUDA_ERROR_JIT_COMPILER_NOT_FOUND); kernel-wrong (the GPU computes one result wrong); copy-corrupt
 * (a copy back changes a byte); crash-in-launch (the launch segfaults).
 */
#include <dlfcn.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef MODE
#define MODE "healthy-h100"
#endif

static int is(const char *m) { return strcmp(MODE, m) == 0; }

static int driver_version(void) {
    if (is("driver-cuda-12.8")) return 12080;
    if (is("driver-cuda-10.2")) return 10020;
    return 13000;
}
/* The highest PTX ISA the driver's JIT accepts, times ten: CUDA 13.0 -> 9.0, 12.8 -> 8.7, 10.2 -> 6.5. */
static int max_ptx(void) {
    if (is("driver-cuda-12.8")) return 87;
    if (is("driver-cuda-10.2")) return 65;
    return 90;
}
static int cc_major(void) { return is("volta-v100") ? 7 : 9; }
static int cc_minor(void) { return 0; }

int cuDriverGetVersion(int *v) { *v = driver_version(); return 0; }
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

int cuGetErrorName(int e, const char **s) {
    switch (e) {
        case 0: *s = "CUDA_SUCCESS"; return 0;
        case 1: *s = "CUDA_ERROR_INVALID_VALUE"; return 0;
        case 100: *s = "CUDA_ERROR_NO_DEVICE"; return 0;
        case 101: *s = "CUDA_ERROR_INVALID_DEVICE"; return 0;
        case 218: *s = "CUDA_ERROR_INVALID_PTX"; return 0;
        case 221: *s = "CUDA_ERROR_JIT_COMPILER_NOT_FOUND"; return 0;
        case 222: *s = "CUDA_ERROR_UNSUPPORTED_PTX_VERSION"; return 0;
        case 500: *s = "CUDA_ERROR_NOT_FOUND"; return 0;
        default: *s = NULL; return 1;
    }
}

int cuDeviceGet(int *d, int ordinal) { if (ordinal != 0) return 101; *d = 0; return 0; }
int cuDeviceGetName(char *name, int len, int d) {
    snprintf(name, (size_t) len, "%s", is("volta-v100") ? "Tesla V100-SXM2-16GB" : "NVIDIA H100 80GB HBM3");
    return 0;
}
int cuDeviceGetAttribute(int *v, int attribute, int d) {
    if (attribute == 75) { *v = cc_major(); return 0; }
    if (attribute == 76) { *v = cc_minor(); return 0; }
    return 1;
}
int cuDeviceTotalMem_v2(size_t *bytes, int d) { *bytes = (size_t) 80 << 30; return 0; }

static int context;
int cuDevicePrimaryCtxRetain(void **ctx, int d) { *ctx = &context; return 0; }
int cuDevicePrimaryCtxRelease_v2(int d) { return 0; }
int cuCtxSetCurrent(void *ctx) { return ctx == &context ? 0 : 201; /* CUDA_ERROR_INVALID_CONTEXT */ }
int cuCtxSynchronize(void) { return 0; }

int cuMemAlloc_v2(unsigned long long *p, size_t bytes) {
    void *m = malloc(bytes);
    if (!m) return 2; /* CUDA_ERROR_OUT_OF_MEMORY */
    *p = (unsigned long long) (uintptr_t) m;
    return 0;
}
int cuMemFree_v2(unsigned long long p) { free((void *) (uintptr_t) p); return 0; }
int cuMemcpyHtoD_v2(unsigned long long dst, const void *src, size_t n) { memcpy((void *) (uintptr_t) dst, src, n); return 0; }
int cuMemcpyDtoH_v2(void *dst, unsigned long long src, size_t n) {
    memcpy(dst, (const void *) (uintptr_t) src, n);
    if (is("copy-corrupt") && n > 4096) ((unsigned char *) dst)[4096] ^= 0x10;
    return 0;
}

/* A module: the entry names its PTX declares. */
struct module { char names[4][64]; int count; };
struct function { char name[64]; };

static void jit_log(unsigned n, const int *options, void **values, const char *text) {
    for (unsigned i = 0; i < n; i++) {
        if (options[i] == 5 /* CU_JIT_ERROR_LOG_BUFFER */) {
            size_t size = 0;
            for (unsigned j = 0; j < n; j++) if (options[j] == 6) size = (size_t) (uintptr_t) values[j];
            if (size > 0) snprintf((char *) values[i], size, "%s", text);
        }
    }
}

int cuModuleLoadDataEx(void **module, const void *image, unsigned n, int *options, void **values) {
    const char *ptx = (const char *) image;
    char log[256];
    if (is("jit-missing")) return 221;
    const char *v = strstr(ptx, "\n.version ");
    int major = 0, minor = 0;
    if (!v || sscanf(v, "\n.version %d.%d", &major, &minor) != 2) {
        jit_log(n, options, values, "ptxas application ptx input, line 1; fatal   : Missing .version directive");
        return 218;
    }
    if (major * 10 + minor > max_ptx()) {
        snprintf(log, sizeof log, "ptxas application ptx input, line 1; fatal   : Unsupported .version %d.%d; "
                 "current version is '%d.%d'", major, minor, max_ptx() / 10, max_ptx() % 10);
        jit_log(n, options, values, log);
        return 222;
    }
    const char *t = strstr(ptx, "\n.target sm_");
    int sm = 0;
    if (!t || sscanf(t, "\n.target sm_%d", &sm) != 1 || sm > cc_major() * 10 + cc_minor()) {
        snprintf(log, sizeof log, "ptxas application ptx input, line 2; fatal   : SM version specified by .target is "
                 "higher than default SM version assumed");
        jit_log(n, options, values, log);
        return 218;
    }
    struct module *m = calloc(1, sizeof *m);
    for (const char *e = strstr(ptx, ".entry "); e && m->count < 4; e = strstr(e + 1, ".entry ")) {
        sscanf(e, ".entry %63[A-Za-z0-9_]", m->names[m->count]);
        m->count++;
    }
    for (unsigned i = 0; i < n; i++) {
        if (options[i] == 2 /* CU_JIT_WALL_TIME */) {
            float ms = 0.25f;
            memcpy(&values[i], &ms, sizeof ms);
        }
    }
    *module = m;
    return 0;
}
int cuModuleGetFunction(void **f, void *module, const char *name) {
    struct module *m = module;
    for (int i = 0; i < m->count; i++) {
        if (strcmp(m->names[i], name) == 0) {
            struct function *fn = calloc(1, sizeof *fn);
            snprintf(fn->name, sizeof fn->name, "%s", name);
            *f = fn;
            return 0;
        }
    }
    return 500; /* CUDA_ERROR_NOT_FOUND */
}
int cuModuleUnload(void *module) { free(module); return 0; }

int cuLaunchKernel(void *f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void *stream, void **params, void **extra) {
    struct function *fn = f;
    if (is("crash-in-launch")) *(volatile int *) 0 = 1;
    if (strcmp(fn->name, "gpu_doctor_saxpy") != 0 && strcmp(fn->name, "gpu_doctor_nvrtc") != 0) return 1;
    const float *x = (const float *) (uintptr_t) *(unsigned long long *) params[0];
    float *y = (float *) (uintptr_t) *(unsigned long long *) params[1];
    float a = *(float *) params[2];
    int n = *(int *) params[3];
    unsigned long threads = (unsigned long) gx * bx;
    for (unsigned long i = 0; i < threads && i < (unsigned long) n; i++) y[i] = fmaf(a, x[i], y[i]);
    if (is("kernel-wrong") && n > 12345) y[12345] = -y[12345];
    return 0;
}
