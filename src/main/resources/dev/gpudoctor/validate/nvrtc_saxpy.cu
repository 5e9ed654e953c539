// gpu-doctor validate, step 3: compiled at run time by each installed NVRTC for this GPU's own
// compute_XY, then loaded by the driver. No #include: the compile needs no headers, only NVRTC and
// its builtins. extern "C" keeps the name unmangled for cuModuleGetFunction.
extern "C" __global__ void gpu_doctor_nvrtc(const float *x, float *y, float a, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) {
        // __fmaf_rn: one IEEE rounding, whatever --fmad says, so the CPU's Math.fma gives the same bits.
        y[i] = __fmaf_rn(a, x[i], y[i]);
    }
}
