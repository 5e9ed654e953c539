package dev.gpudoctor.validate.child;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The cuBLAS calls of step 4 (libcublas.so.N), each returning a cublasStatus_t. Matrices are device
 * pointers in column-major order; alpha and beta are host pointers (the default pointer mode).
 */
public interface CublasApi extends Library {

    /** libraryPropertyType: 0 major, 1 minor, 2 patch. */
    int cublasGetProperty(int type, IntByReference value);

    int cublasCreate_v2(PointerByReference handle);

    int cublasDestroy_v2(Pointer handle);

    int cublasSgemm_v2(Pointer handle, int transa, int transb, int m, int n, int k, float[] alpha, Pointer a, int lda,
                       Pointer b, int ldb, float[] beta, Pointer c, int ldc);

    int cublasGemmEx(Pointer handle, int transa, int transb, int m, int n, int k, float[] alpha, Pointer a, int aType,
                     int lda, Pointer b, int bType, int ldb, float[] beta, Pointer c, int cType, int ldc, int computeType,
                     int algo);

    /** Since cuBLAS 11.4.2. */
    String cublasGetStatusName(int status);

    int OP_N = 0;
    /** library_types.h: cudaDataType. */
    int CUDA_R_32F = 0;
    int CUDA_R_16F = 2;
    /** cublasComputeType_t (cuBLAS 11+): FP32 accumulation, TF32 not allowed. */
    int COMPUTE_32F = 68;
    /** cublasGemmAlgo_t: the library's heuristic. */
    int GEMM_DEFAULT = -1;
}
