package dev.gpudoctor.validate.child;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The cuDNN calls of step 5 (libcudnn.so.N), each returning a cudnnStatus_t: the descriptor API that
 * cuDNN 7, 8 and 9 all export (deprecated in 9 for the graph API, still there).
 */
public interface CudnnApi extends Library {

    /** size_t cudnnGetVersion(void). */
    long cudnnGetVersion();

    String cudnnGetErrorString(int status);

    int cudnnCreate(PointerByReference handle);

    int cudnnDestroy(Pointer handle);

    int cudnnCreateTensorDescriptor(PointerByReference descriptor);

    int cudnnSetTensor4dDescriptor(Pointer descriptor, int format, int dataType, int n, int c, int h, int w);

    int cudnnDestroyTensorDescriptor(Pointer descriptor);

    int cudnnCreateFilterDescriptor(PointerByReference descriptor);

    int cudnnSetFilter4dDescriptor(Pointer descriptor, int dataType, int format, int k, int c, int h, int w);

    int cudnnDestroyFilterDescriptor(Pointer descriptor);

    int cudnnCreateConvolutionDescriptor(PointerByReference descriptor);

    int cudnnSetConvolution2dDescriptor(Pointer descriptor, int padH, int padW, int strideH, int strideW, int dilationH,
                                        int dilationW, int mode, int computeType);

    int cudnnSetConvolutionMathType(Pointer descriptor, int mathType);

    int cudnnDestroyConvolutionDescriptor(Pointer descriptor);

    int cudnnGetConvolution2dForwardOutputDim(Pointer convolution, Pointer input, Pointer filter, IntByReference n,
                                              IntByReference c, IntByReference h, IntByReference w);

    int cudnnGetConvolutionForwardWorkspaceSize(Pointer handle, Pointer x, Pointer w, Pointer convolution, Pointer y,
                                                int algo, LongByReference bytes);

    int cudnnConvolutionForward(Pointer handle, float[] alpha, Pointer xDesc, Pointer x, Pointer wDesc, Pointer w,
                                Pointer convolution, int algo, Pointer workspace, long workspaceBytes, float[] beta,
                                Pointer yDesc, Pointer y);

    int TENSOR_NCHW = 0;
    int DATA_FLOAT = 0;
    int CROSS_CORRELATION = 1;
    int FWD_ALGO_IMPLICIT_GEMM = 0;
    /** cudnnMathType_t: FMA only, so an FP32 convolution is not run as TF32 on Ampere and newer. */
    int FMA_MATH = 3;
}
