/*
 * A stand-in libnvidia-ml.so.1 for tests: the NVML calls gpu-doctor makes, answering as one
 * behaviour chosen at build time (-DMODE="healthy-h100", ...) so that each test loads its own file
 * and needs no environment variable in the JVM. -DOLD_DRIVER leaves out the symbols older drivers
 * lack (nvmlDeviceGetCurrentClocksEventReasons, nvmlDeviceGetEnforcedPowerLimit).
 */
#include <string.h>
#include <unistd.h>

#ifndef MODE
#define MODE "healthy-h100"
#endif

static int is(const char *m) { return strcmp(MODE, m) == 0; }
static int devs[2];
static int index_of(void *d) { return (int *) d - devs; }
static int put(char *buf, unsigned len, const char *s) {
    if (strlen(s) + 1 > len) return 7; /* NVML_ERROR_INSUFFICIENT_SIZE */
    strcpy(buf, s);
    return 0;
}
/* In gpu-lost, device 1 fell off the bus: its handle exists, every query says so. */
#define LOST(d) if (is("gpu-lost") && index_of(d) == 1) return 15

int nvmlInit_v2(void) {
    if (is("hang")) for (;;) pause();
    if (is("driver-not-loaded")) return 9;
    if (is("version-mismatch")) return 18;
    return 0;
}
int nvmlShutdown(void) { return 0; }
int nvmlSystemGetDriverVersion(char *b, unsigned n) { return put(b, n, "580.159.04"); }
int nvmlSystemGetNVMLVersion(char *b, unsigned n) { return put(b, n, "13.580.159"); }
int nvmlSystemGetCudaDriverVersion_v2(int *v) { *v = 13000; return 0; }
/* Static, not a call to the exported function: JNA opens with RTLD_GLOBAL, so another mode's fake
 * loaded earlier in the same JVM would answer an exported call. */
static unsigned count(void) { return is("no-devices") ? 0 : is("gpu-lost") ? 2 : 1; }
int nvmlDeviceGetCount_v2(unsigned *c) { *c = count(); return 0; }
int nvmlDeviceGetHandleByIndex_v2(unsigned i, void **d) {
    if (i >= count()) return 2;
    *d = &devs[i];
    return 0;
}
int nvmlDeviceGetName(void *d, char *b, unsigned n) { LOST(d); return put(b, n, "NVIDIA H100 80GB HBM3"); }
int nvmlDeviceGetUUID(void *d, char *b, unsigned n) { LOST(d); return put(b, n, "GPU-00000000-1111-2222-3333-444444444444"); }
int nvmlDeviceGetPciInfo_v3(void *d, char *p) {
    LOST(d);
    memset(p, 0, 68);
    strcpy(p, "0000:00:06.0");          /* busIdLegacy[16] */
    strcpy(p + 36, "00000000:00:06.0"); /* after five unsigned ints: busId[32] */
    return 0;
}
int nvmlDeviceGetCudaComputeCapability(void *d, int *major, int *minor) { LOST(d); *major = 9; *minor = 0; return 0; }
int nvmlDeviceGetMemoryInfo(void *d, unsigned long long *m) {
    LOST(d);
    m[0] = 81559ULL * 1024 * 1024; m[1] = m[0] - 4ULL * 1024 * 1024; m[2] = 4ULL * 1024 * 1024;
    return 0;
}
int nvmlDeviceGetMigMode(void *d, unsigned *cur, unsigned *pend) { LOST(d); *cur = 0; *pend = 0; return 0; }
int nvmlDeviceGetPersistenceMode(void *d, unsigned *m) { LOST(d); *m = 1; return 0; }
int nvmlDeviceGetEccMode(void *d, unsigned *cur, unsigned *pend) { LOST(d); *cur = 1; *pend = 1; return 0; }
int nvmlDeviceGetTotalEccErrors(void *d, int type, int counter, unsigned long long *c) {
    LOST(d);
    if (type != 1 || counter != 0) return 2;
    *c = 0;
    return 0;
}
/* An H100 remaps rows; it does not retire pages. */
int nvmlDeviceGetRetiredPagesPendingStatus(void *d, int *pending) { LOST(d); return 3; }
int nvmlDeviceGetRemappedRows(void *d, unsigned *corr, unsigned *unc, unsigned *pending, unsigned *failure) {
    LOST(d);
    *corr = 0; *unc = 0; *pending = 0; *failure = 0;
    return 0;
}
int nvmlDeviceGetTemperature(void *d, unsigned sensor, unsigned *t) {
    LOST(d);
#ifdef OLD_DRIVER
    return 3; /* NVML_ERROR_NOT_SUPPORTED */
#endif
    if (sensor != 0) return 2;
    *t = 34;
    return 0;
}
int nvmlDeviceGetCurrentClocksThrottleReasons(void *d, unsigned long long *r) { LOST(d); *r = 0x4; return 0; }
#ifndef OLD_DRIVER
int nvmlDeviceGetEnforcedPowerLimit(void *d, unsigned *mw) { LOST(d); *mw = 700000; return 0; }
int nvmlDeviceGetCurrentClocksEventReasons(void *d, unsigned long long *r) { LOST(d); *r = 0x1; return 0; }
#endif
