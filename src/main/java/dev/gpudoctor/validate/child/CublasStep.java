package dev.gpudoctor.validate.child;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gpudoctor.validate.Check;
import dev.gpudoctor.validate.LadderPlan;
import dev.gpudoctor.validate.LibraryUse;
import dev.gpudoctor.validate.NativeError;
import dev.gpudoctor.validate.Outcome;
import dev.gpudoctor.validate.StepResult;
import dev.gpudoctor.validate.reference.Errors;
import dev.gpudoctor.validate.reference.Half;
import dev.gpudoctor.validate.reference.Reference;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Step 4: cuBLAS GEMM in FP32 (cublasSgemm_v2) and FP16 (cublasGemmEx, FP16 in and out, FP32
 * accumulation) against the CPU, with the achieved rate.
 */
final class CublasStep {

    /**
     * FP32: the error of a length-K dot product in binary32, in any summation order, is at most about
     * K * 2^-24 * sum|a*b| (3.1e-5 for K = 512); 1e-4 leaves room for the final rounding and blocked
     * orders. A GEMM run in TF32 (10-bit mantissa, ~1e-3) fails it, as it should for an FP32 GEMM;
     * a wrong result (a flipped bit, a wrong layout) is off by O(1).
     */
    static final double FP32_TOLERANCE = 1e-4;
    /**
     * FP16: the inputs are FP16 values already (rounded in Java before upload), accumulation is FP32
     * (CUBLAS_COMPUTE_32F), so the error is the FP32 sum (~3e-5) plus one rounding of the output to
     * FP16: 2^-11 = 4.9e-4 of |c| <= sum|a*b|. 1e-2 is twenty times that: generous for any tiling,
     * far below a wrong result.
     */
    static final double FP16_TOLERANCE = 1e-2;
    /** Timed runs: at most this many, and no more once this much time has gone (a slow GEMM is timed once). */
    private static final int MAX_TIMED = 10;
    private static final long TIME_BUDGET_NANOS = 50_000_000L;

    private static final Map<Integer, String> STATUS = Map.of(0, "CUBLAS_STATUS_SUCCESS", 1, "CUBLAS_STATUS_NOT_INITIALIZED",
            3, "CUBLAS_STATUS_ALLOC_FAILED", 7, "CUBLAS_STATUS_INVALID_VALUE", 8, "CUBLAS_STATUS_ARCH_MISMATCH",
            11, "CUBLAS_STATUS_MAPPING_ERROR", 13, "CUBLAS_STATUS_EXECUTION_FAILED", 14, "CUBLAS_STATUS_INTERNAL_ERROR",
            15, "CUBLAS_STATUS_NOT_SUPPORTED", 16, "CUBLAS_STATUS_LICENSE_ERROR");

    private CublasStep() {
    }

    static StepResult run(StepLog log, Gpu gpu, LadderPlan.Copy copy, Work work) {
        gpu.logTo(log);
        if (copy == null) {
            return log.result(Outcome.NOT_INSTALLED, "no cuBLAS found (no CUDA toolkit with libcublas, no nvidia-cublas wheel,"
                    + " no framework that loads one)", List.of(), List.of(), null);
        }
        List<String> before = Mapped.files("libcublas");
        long t = System.nanoTime();
        log.at("load " + copy.path());
        String major = Loading.sonameMajor(copy.path());
        Loading.Opened<CublasApi> opened = Loading.open(copy.path(), CublasApi.class, major == null ? List.of()
                : Loading.companions(copy.path(), Pattern.compile("libcublasLt\\.so\\." + major), List.of()), Loading.RTLD_LOCAL);
        if (opened.api() == null) {
            log.evidence("load " + copy.path(), t);
            return log.result(Outcome.FAILED, copy.path() + " does not load: " + opened.error().message(),
                    List.of(use(copy, copy.version(), before)), List.of(), opened.error());
        }
        CublasApi cublas = opened.api();
        String version = version(cublas, copy.version());
        PointerByReference handle = new PointerByReference();
        try {
            log.at("cublasCreate_v2");
            status(cublas, "cublasCreate_v2", cublas.cublasCreate_v2(handle));
            log.evidence(copy.path() + ": cublasGetProperty, cublasCreate_v2" + (opened.companions().isEmpty() ? ""
                    : "; loaded first from its directory: " + String.join(", ", opened.companions())), t);
            Check fp32 = fp32(log, gpu, cublas, handle.getValue(), work, copy.path());
            Check fp16 = fp16(log, gpu, cublas, handle.getValue(), work, copy.path(), version);
            boolean ok = fp32.result() == Outcome.PASSED && fp16.result() == Outcome.PASSED;
            String summary = "cuBLAS " + version + ": " + describe(fp32) + "; " + describe(fp16);
            return log.result(ok ? Outcome.PASSED : Outcome.FAILED, summary, List.of(use(copy, version, before)),
                    List.of(fp32, fp16), null);
        } catch (CallFailed e) {
            log.evidence(copy.path() + ": " + e.error().describe(), t);
            return log.result(Outcome.FAILED, "cuBLAS " + version + ": " + e.error().describe(),
                    List.of(use(copy, version, before)), List.of(), e.error());
        } finally {
            if (handle.getValue() != null) {
                cublas.cublasDestroy_v2(handle.getValue());
            }
        }
    }

    private static LibraryUse use(LadderPlan.Copy copy, String version, List<String> before) {
        return new LibraryUse("cublas", copy.path(), copy.foundBy(), version, Mapped.since(before, "libcublas"));
    }

    static String describe(Check c) {
        if (c.error() != null) {
            return c.name() + " " + c.error().describe();
        }
        return c.name() + " max abs error " + sci(c.maxAbsError()) + ", relative " + sci(c.maxRelError())
                + (c.result() == Outcome.PASSED ? "" : " ABOVE the tolerance " + sci(c.tolerance()))
                + (c.nonFinite() == null || c.nonFinite() == 0 ? "" : ", " + c.nonFinite() + " entries NaN or infinite")
                + (c.gflops() == null ? "" : ", " + Math.round(c.gflops()) + " GFLOP/s");
    }

    static String sci(double d) {
        return d == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.1e", d);
    }

    private static String version(CublasApi cublas, String fallback) {
        try {
            int[] parts = new int[3];
            for (int type = 0; type < 3; type++) {
                IntByReference v = new IntByReference();
                if (cublas.cublasGetProperty(type, v) != 0) {
                    return fallback;
                }
                parts[type] = v.getValue();
            }
            return parts[0] + "." + parts[1] + "." + parts[2];
        } catch (UnsatisfiedLinkError e) {
            return fallback;
        }
    }

    private static void status(CublasApi cublas, String call, int status) throws CallFailed {
        if (status != 0) {
            throw new CallFailed(new NativeError(call, status, statusName(cublas, status), null));
        }
    }

    private static String statusName(CublasApi cublas, int status) {
        try {
            String s = cublas.cublasGetStatusName(status);
            if (s != null && !s.isBlank()) {
                return s;
            }
        } catch (UnsatisfiedLinkError e) {
            // Before cuBLAS 11.4.2: the table of cublas_api.h.
        }
        return STATUS.get(status);
    }

    private interface Gemm {
        int run();
    }

    private static Check fp32(StepLog log, Gpu gpu, CublasApi cublas, Pointer handle, Work work, String path)
            throws CallFailed {
        String name = "FP32 GEMM " + Work.M + "x" + Work.N + "x" + Work.K;
        try (Gpu.Buffers b = gpu.buffers()) {
            Pointer a = new Pointer(b.upload(Gpu.floats(work.a)));
            Pointer bm = new Pointer(b.upload(Gpu.floats(work.b)));
            long c = b.alloc((long) Work.M * Work.N * Float.BYTES);
            Gemm g = () -> cublas.cublasSgemm_v2(handle, CublasApi.OP_N, CublasApi.OP_N, Work.M, Work.N, Work.K,
                    new float[] {1f}, a, Work.M, bm, Work.K, new float[] {0f}, new Pointer(c), Work.M);
            long t = System.nanoTime();
            log.at("cublasSgemm_v2");
            status(cublas, "cublasSgemm_v2", g.run());
            gpu.synchronize();
            double firstMs = StepLog.ms(t);
            float[] out = b.download(c, (long) Work.M * Work.N * Float.BYTES).getFloatArray(0, Work.M * Work.N);
            log.evidence(path + ": cublasSgemm_v2 (" + Work.M + "x" + Work.N + "x" + Work.K + "), first call", t);
            double gflops = time(log, gpu, cublas, "cublasSgemm_v2", g);
            return check(name, work.gemm32(), out, FP32_TOLERANCE, gflops, firstMs, null);
        }
    }

    private static Check fp16(StepLog log, Gpu gpu, CublasApi cublas, Pointer handle, Work work, String path,
                              String version) throws CallFailed {
        String name = "FP16 GEMM " + Work.M + "x" + Work.N + "x" + Work.K;
        // cuBLAS 11 made the compute type a cublasComputeType_t; before, it was a cudaDataType.
        int computeType = version != null && version.matches("\\d+(\\..*)?") && Integer.parseInt(version.split("\\.")[0]) < 11
                ? CublasApi.CUDA_R_32F : CublasApi.COMPUTE_32F;
        try (Gpu.Buffers b = gpu.buffers()) {
            Pointer a = new Pointer(b.upload(Gpu.halves(halves(work.a16))));
            Pointer bm = new Pointer(b.upload(Gpu.halves(halves(work.b16))));
            long c = b.alloc((long) Work.M * Work.N * Short.BYTES);
            Gemm g = () -> cublas.cublasGemmEx(handle, CublasApi.OP_N, CublasApi.OP_N, Work.M, Work.N, Work.K,
                    new float[] {1f}, a, CublasApi.CUDA_R_16F, Work.M, bm, CublasApi.CUDA_R_16F, Work.K, new float[] {0f},
                    new Pointer(c), CublasApi.CUDA_R_16F, Work.M, computeType, CublasApi.GEMM_DEFAULT);
            long t = System.nanoTime();
            log.at("cublasGemmEx");
            status(cublas, "cublasGemmEx(CUDA_R_16F, compute " + computeType + ")", g.run());
            gpu.synchronize();
            double firstMs = StepLog.ms(t);
            short[] raw = b.download(c, (long) Work.M * Work.N * Short.BYTES).getShortArray(0, Work.M * Work.N);
            float[] out = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                out[i] = Half.toFloat(raw[i]);
            }
            log.evidence(path + ": cublasGemmEx (CUDA_R_16F in and out, compute type " + computeType + "), first call", t);
            double gflops = time(log, gpu, cublas, "cublasGemmEx", g);
            return check(name, work.gemm16(), out, FP16_TOLERANCE, gflops, firstMs, "FP16 inputs and output, FP32 accumulation");
        }
    }

    private static short[] halves(float[] exact) {
        short[] h = new short[exact.length];
        for (int i = 0; i < exact.length; i++) {
            h[i] = Half.fromFloat(exact[i]);
        }
        return h;
    }

    /** The fastest of a few timed runs, each synchronised, as GFLOP/s (2 m n k flops each). */
    private static double time(StepLog log, Gpu gpu, CublasApi cublas, String call, Gemm g) throws CallFailed {
        long best = Long.MAX_VALUE;
        long start = System.nanoTime();
        int runs = 0;
        while (runs < MAX_TIMED && (runs == 0 || System.nanoTime() - start < TIME_BUDGET_NANOS)) {
            long t = System.nanoTime();
            status(cublas, call, g.run());
            gpu.synchronize();
            best = Math.min(best, System.nanoTime() - t);
            runs++;
        }
        log.derived(call + " timed " + runs + " time(s), fastest " + best / 1000 + " us");
        return 2.0 * Work.M * Work.N * Work.K / (best / 1e9) / 1e9;
    }

    private static Check check(String name, Reference ref, float[] out, double tolerance, double gflops, double ms,
                               String detail) {
        Errors e = ref.compare(out);
        return new Check(name, e.within(tolerance) ? Outcome.PASSED : Outcome.FAILED, null, detail, e.maxAbs(), e.maxRel(),
                tolerance, null, e.nonFinite(), Math.round(gflops * 10) / 10.0, ms, null);
    }
}
