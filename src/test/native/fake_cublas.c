/*
 * A stand-in libcublas.so.13 for validate's step 4: real column-major GEMMs on the "device memory"
 * of fake_cuda.c (host memory), FP32 (cublasSgemm_v2) and FP16 in and out with FP32 accumulation
 * (cublasGemmEx, which insists on the data and compute types a correct caller passes). Built linked
 * against a libcublasLt.so.13 beside it, like the real one.
 *
 * -DMODE: healthy; wrong-result (one entry of the FP32 GEMM has a flipped exponent bit, as from a bad
 * memory cell); not-initialized (cublasCreate fails as against a driver too old for this cuBLAS);
 * hang (cublasSgemm never returns).
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <stdlib.h>

#ifndef MODE
#define MODE "healthy"
#endif

static int is(const char *m) { return strcmp(MODE, m) == 0; }

extern int fake_cublaslt_present(void);

int cublasGetProperty(int type, int *v) {
    static const int parts[] = {13, 1, 0};
    if (type < 0 || type > 2) return 7;
    *v = parts[type];
    return 0;
}

const char *cublasGetStatusName(int s) {
    switch (s) {
        case 0: return "CUBLAS_STATUS_SUCCESS";
        case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case 7: return "CUBLAS_STATUS_INVALID_VALUE";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

static int handle;
int cublasCreate_v2(void **h) {
    if (!fake_cublaslt_present()) return 1;
    if (is("not-initialized")) return 1;
    *h = &handle;
    return 0;
}
int cublasDestroy_v2(void *h) { return h == &handle ? 0 : 1; }

int cublasSgemm_v2(void *h, int ta, int tb, int m, int n, int k, const float *alpha, const float *a, int lda,
                   const float *b, int ldb, const float *beta, float *c, int ldc) {
    if (h != &handle || ta != 0 || tb != 0 || lda < m || ldb < k || ldc < m) return 7;
    if (is("hang")) for (;;) pause();
    float *col = malloc(sizeof(float) * (size_t) m);
    for (int j = 0; j < n; j++) {
        /* Column by column, k outer: each entry still sums its products in order p = 0 .. k-1. */
        memset(col, 0, sizeof(float) * (size_t) m);
        for (int p = 0; p < k; p++) {
            float bpj = b[p + j * ldb];
            for (int i = 0; i < m; i++) col[i] += a[i + p * lda] * bpj;
        }
        for (int i = 0; i < m; i++) c[i + j * ldc] = *alpha * col[i] + (*beta == 0 ? 0 : *beta * c[i + j * ldc]);
    }
    free(col);
    if (is("wrong-result")) {
        uint32_t bits;
        memcpy(&bits, &c[777], 4);
        bits ^= 1u << 24;
        memcpy(&c[777], &bits, 4);
    }
    return 0;
}

static float half_to_float(uint16_t h) {
    uint32_t sign = (uint32_t) (h & 0x8000) << 16, exp = (h >> 10) & 0x1f, mant = h & 0x3ff, bits;
    if (exp == 0) {
        float v = mant * (1.0f / 16777216.0f);
        return sign ? -v : v;
    }
    bits = exp == 0x1f ? sign | 0x7f800000 | (mant << 13) : sign | ((exp - 15 + 127) << 23) | (mant << 13);
    float f;
    memcpy(&f, &bits, 4);
    return f;
}

/* Round to nearest even; the GEMM's outputs are normal numbers well inside FP16's range. */
static uint16_t float_to_half(float f) {
    uint32_t bits;
    memcpy(&bits, &f, 4);
    uint32_t sign = (bits >> 16) & 0x8000;
    int exp = (int) ((bits >> 23) & 0xff) - 127 + 15;
    uint32_t mant = bits & 0x7fffff;
    if (exp <= 0) return (uint16_t) sign;
    uint32_t h = ((uint32_t) exp << 10) | (mant >> 13), rest = mant & 0x1fff;
    if (rest > 0x1000 || (rest == 0x1000 && (h & 1))) h++;
    return (uint16_t) (sign | h);
}

int cublasGemmEx(void *h, int ta, int tb, int m, int n, int k, const void *alpha, const void *a, int at, int lda,
                 const void *b, int bt, int ldb, const void *beta, void *c, int ct, int ldc, int compute, int algo) {
    /* CUDA_R_16F everywhere, CUBLAS_COMPUTE_32F (alpha and beta are floats then), CUBLAS_GEMM_DEFAULT. */
    if (h != &handle || at != 2 || bt != 2 || ct != 2 || compute != 68 || algo != -1 || ta != 0 || tb != 0) return 7;
    const uint16_t *ha = a, *hb = b;
    uint16_t *hc = c;
    float al = *(const float *) alpha;
    float *fa = malloc(sizeof(float) * (size_t) m * k), *fb = malloc(sizeof(float) * (size_t) k * n);
    for (long i = 0; i < (long) m * k; i++) fa[i] = half_to_float(ha[i]);
    for (long i = 0; i < (long) k * n; i++) fb[i] = half_to_float(hb[i]);
    float *col = malloc(sizeof(float) * (size_t) m);
    for (int j = 0; j < n; j++) {
        memset(col, 0, sizeof(float) * (size_t) m);
        for (int p = 0; p < k; p++) {
            float bpj = fb[p + j * ldb];
            for (int i = 0; i < m; i++) col[i] += fa[i + p * lda] * bpj;
        }
        for (int i = 0; i < m; i++) hc[i + j * ldc] = float_to_half(al * col[i]);
    }
    free(col);
    free(fa);
    free(fb);
    return 0;
}
