/*
 * Fake CUDA library copies for the "does this copy load, and what does it say" tests. One source,
 * one library per -D: each exports only its own library's version function, with the versions the
 * tests expect. -DSTUB builds an empty library to link against and then delete (a missing dependency);
 * -DHANG makes the version call never return.
 */
#include <stddef.h>
#include <unistd.h>

#ifdef HANG
#define MAYBE_HANG() for (;;) sleep(1)
#else
#define MAYBE_HANG()
#endif

#ifdef STUB
int fake_stub_marker(void) { return 0; }
#endif

#ifdef CUDART
int cudaRuntimeGetVersion(int *v) { MAYBE_HANG(); *v = 13000; return 0; }
#endif

#ifdef CUDNN
size_t cudnnGetVersion(void) { return 91900; }
#endif

#ifdef CUBLAS
int cublasGetProperty(int type, int *v) {
    static const int parts[] = {13, 1, 0};
    if (type < 0 || type > 2) return 7; /* CUBLAS_STATUS_INVALID_VALUE */
    *v = parts[type];
    return 0;
}
#endif

#ifdef NVRTC
int nvrtcVersion(int *major, int *minor) { *major = 13; *minor = 0; return 0; }
#endif

#ifdef NVINFER
int getInferLibVersion(void) { return 100300; }
#endif

/* Every variant exports something, so that a library with none of the above still builds. */
int fake_runtime_present(void) { return 1; }

#ifdef CRASH
#include <stdlib.h>
/* A library whose initialisation kills the process that loads it (as a constructor can, against
 * the wrong driver): the reason copies are loaded in a child JVM. */
__attribute__((constructor)) static void crash_on_load(void) { abort(); }
#endif
