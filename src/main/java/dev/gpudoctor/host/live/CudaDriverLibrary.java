package dev.gpudoctor.host.live;

import com.sun.jna.Library;
import com.sun.jna.ptr.IntByReference;

/** The CUDA driver API functions gpu-doctor calls (libcuda.so.1), each returning a CUresult. */
public interface CudaDriverLibrary extends Library {

    /** Answers without cuInit: the CUDA version the installed driver supports. */
    int cuDriverGetVersion(IntByReference version);

    int cuInit(int flags);

    int cuDeviceGetCount(IntByReference count);
}
