package dev.gpudoctor.validate.child;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The CUDA driver API calls of the ladder (libcuda.so.1), each returning a CUresult. The _v2 names
 * are the symbols cuda.h's macros select (cuMemAlloc is cuMemAlloc_v2 since CUDA 3.2); CUdevice is
 * an int, CUdeviceptr a 64-bit integer, size_t a long on the 64-bit Linux platforms CUDA runs on.
 */
public interface CudaApi extends Library {

    int cuDriverGetVersion(IntByReference version);

    int cuInit(int flags);

    int cuDeviceGetCount(IntByReference count);

    int cuDeviceGet(IntByReference device, int ordinal);

    int cuDeviceGetName(byte[] name, int length, int device);

    int cuDeviceGetAttribute(IntByReference value, int attribute, int device);

    int cuDeviceTotalMem_v2(LongByReference bytes, int device);

    int cuDevicePrimaryCtxRetain(PointerByReference context, int device);

    int cuCtxSetCurrent(Pointer context);

    int cuCtxSynchronize();

    int cuMemAlloc_v2(LongByReference devicePointer, long bytes);

    int cuMemFree_v2(long devicePointer);

    int cuMemcpyHtoD_v2(long destination, Pointer source, long bytes);

    int cuMemcpyDtoH_v2(Pointer destination, long source, long bytes);

    /** options: CUjit_option values; optionValues: one pointer-sized slot per option. */
    int cuModuleLoadDataEx(PointerByReference module, Pointer image, int numOptions, Pointer options, Pointer optionValues);

    int cuModuleGetFunction(PointerByReference function, Pointer module, String name);

    int cuModuleUnload(Pointer module);

    int cuLaunchKernel(Pointer function, int gridX, int gridY, int gridZ, int blockX, int blockY, int blockZ,
                       int sharedMemBytes, Pointer stream, Pointer kernelParams, Pointer extra);

    int cuGetErrorName(int error, PointerByReference name);

    /** cuda.h: CUdevice_attribute. */
    int ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    int ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;

    /** cuda.h: CUjit_option. */
    int JIT_WALL_TIME = 2;
    int JIT_ERROR_LOG_BUFFER = 5;
    int JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;

    int CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222;
}
