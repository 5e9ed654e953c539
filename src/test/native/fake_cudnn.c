/*
 * A stand-in libcudnn.so.9 for validate's step 5: the descriptor API and a real direct convolution
 * (cross-correlation, NCHW, float) on the "device memory" of fake_cuda.c. Like cuDNN 9's dispatcher
 * it opens its sub-library by name when a convolution runs (libcudnn_cnn.so.9) and answers
 * CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED (1008) when the dynamic linker cannot find it.
 *
 * -DMODE: healthy; not-supported (the convolution is refused: CUDNN_STATUS_NOT_SUPPORTED, 3000);
 * crash (the convolution segfaults, as a library built for another driver can).
 */
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#ifndef MODE
#define MODE "healthy"
#endif

static int is(const char *m) { return strcmp(MODE, m) == 0; }

struct tensor { int n, c, h, w; };
struct conv { int pad_h, pad_w, u, v, dh, dw, mode, math; };

size_t cudnnGetVersion(void) { return 91900; }

const char *cudnnGetErrorString(int s) {
    switch (s) {
        case 0: return "CUDNN_STATUS_SUCCESS";
        case 1008: return "CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED";
        case 2000: return "CUDNN_STATUS_BAD_PARAM";
        case 3000: return "CUDNN_STATUS_NOT_SUPPORTED";
        default: return "CUDNN_STATUS_UNKNOWN";
    }
}

static int handle;
int cudnnCreate(void **h) { *h = &handle; return 0; }
int cudnnDestroy(void *h) { return h == &handle ? 0 : 2000; }

int cudnnCreateTensorDescriptor(struct tensor **d) { *d = calloc(1, sizeof **d); return 0; }
int cudnnSetTensor4dDescriptor(struct tensor *d, int format, int type, int n, int c, int h, int w) {
    if (format != 0 || type != 0 || n <= 0 || c <= 0 || h <= 0 || w <= 0) return 2000;
    d->n = n; d->c = c; d->h = h; d->w = w;
    return 0;
}
int cudnnDestroyTensorDescriptor(struct tensor *d) { free(d); return 0; }
int cudnnCreateFilterDescriptor(struct tensor **d) { return cudnnCreateTensorDescriptor(d); }
int cudnnSetFilter4dDescriptor(struct tensor *d, int type, int format, int k, int c, int h, int w) {
    return cudnnSetTensor4dDescriptor(d, format, type, k, c, h, w);
}
int cudnnDestroyFilterDescriptor(struct tensor *d) { free(d); return 0; }
int cudnnCreateConvolutionDescriptor(struct conv **d) { *d = calloc(1, sizeof **d); return 0; }
int cudnnSetConvolution2dDescriptor(struct conv *d, int ph, int pw, int u, int v, int dh, int dw, int mode, int type) {
    if (u != 1 || v != 1 || dh != 1 || dw != 1 || type != 0) return 3000;
    d->pad_h = ph; d->pad_w = pw; d->u = u; d->v = v; d->dh = dh; d->dw = dw; d->mode = mode;
    return 0;
}
int cudnnSetConvolutionMathType(struct conv *d, int math) { d->math = math; return 0; }
int cudnnDestroyConvolutionDescriptor(struct conv *d) { free(d); return 0; }

int cudnnGetConvolution2dForwardOutputDim(struct conv *c, struct tensor *x, struct tensor *w, int *n, int *k, int *h, int *wd) {
    if (x->c != w->c) return 2000;
    *n = x->n; *k = w->n; *h = x->h + 2 * c->pad_h - w->h + 1; *wd = x->w + 2 * c->pad_w - w->w + 1;
    return 0;
}
int cudnnGetConvolutionForwardWorkspaceSize(void *h, struct tensor *x, struct tensor *w, struct conv *c, struct tensor *y,
                                            int algo, size_t *bytes) {
    *bytes = algo == 0 ? 0 : 1 << 20;
    return 0;
}

int cudnnConvolutionForward(void *h, const float *alpha, struct tensor *xd, const float *x, struct tensor *wd,
                            const float *w, struct conv *c, int algo, void *ws, size_t wsb, const float *beta,
                            struct tensor *yd, float *y) {
    if (!dlopen("libcudnn_cnn.so.9", RTLD_NOW | RTLD_NOLOAD) && !dlopen("libcudnn_cnn.so.9", RTLD_NOW)) return 1008;
    if (is("not-supported")) return 3000;
    if (is("crash")) *(volatile int *) 0 = 1;
    if (h != &handle || c->mode != 1 /* CUDNN_CROSS_CORRELATION */ || c->math != 3 /* CUDNN_FMA_MATH */) return 2000;
    for (int n = 0; n < yd->n; n++)
        for (int k = 0; k < yd->c; k++)
            for (int oy = 0; oy < yd->h; oy++)
                for (int ox = 0; ox < yd->w; ox++) {
                    float s = 0;
                    for (int ch = 0; ch < xd->c; ch++)
                        for (int r = 0; r < wd->h; r++)
                            for (int q = 0; q < wd->w; q++) {
                                int iy = oy + r - c->pad_h, ix = ox + q - c->pad_w;
                                if (iy < 0 || iy >= xd->h || ix < 0 || ix >= xd->w) continue;
                                s += x[((n * xd->c + ch) * xd->h + iy) * xd->w + ix] * w[((k * wd->c + ch) * wd->h + r) * wd->w + q];
                            }
                    float *out = &y[((n * yd->c + k) * yd->h + oy) * yd->w + ox];
                    *out = *alpha * s + (*beta == 0 ? 0 : *beta * *out);
                }
    return 0;
}
