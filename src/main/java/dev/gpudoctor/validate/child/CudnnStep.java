package dev.gpudoctor.validate.child;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.validate.Check;
import dev.gpudoctor.validate.LadderPlan;
import dev.gpudoctor.validate.LibraryUse;
import dev.gpudoctor.validate.NativeError;
import dev.gpudoctor.validate.Outcome;
import dev.gpudoctor.validate.StepResult;
import dev.gpudoctor.validate.reference.Errors;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Step 5: one cuDNN convolution forward (FP32, NCHW, 3 x 3, padding 1) against the CPU, with the
 * copy of cuDNN named and the sub-libraries it really mapped.
 */
final class CudnnStep {

    /**
     * Each output sums C*R*S = 144 products: the binary32 bound is about 144 * 2^-24 * sum|x*w|
     * (8.6e-6); 1e-4 is the GEMM's tolerance and leaves room for any algorithm's order. CUDNN_FMA_MATH
     * keeps cuDNN from running this FP32 convolution as TF32 on Ampere and newer (its default math
     * type allows that, with errors near 1e-3), so the check is of FP32.
     */
    static final double TOLERANCE = 1e-4;

    /** cuDNN 9's sub-libraries, in the order their dependencies want them; cuDNN 8's names sort after. */
    private static final List<String> SUB_LIBRARY_ORDER = List.of("libcudnn_graph", "libcudnn_engines_precompiled",
            "libcudnn_engines_runtime_compiled", "libcudnn_engines_tensor_ir", "libcudnn_heuristic", "libcudnn_ext",
            "libcudnn_ops", "libcudnn_cnn", "libcudnn_adv");

    private CudnnStep() {
    }

    static StepResult run(StepLog log, Gpu gpu, LadderPlan.Copy copy, Work work) {
        gpu.logTo(log);
        if (copy == null) {
            return log.result(Outcome.NOT_INSTALLED, "no cuDNN found (no libcudnn in the library directories, no "
                    + "nvidia-cudnn wheel, no framework that loads one)", List.of(), List.of(), null);
        }
        List<String> before = Mapped.files("libcudnn");
        long t = System.nanoTime();
        log.at("load " + copy.path());
        String major = Loading.sonameMajor(copy.path());
        // cuDNN's sub-libraries find each other's symbols globally, as PyTorch loads them (RTLD_GLOBAL).
        Loading.Opened<CudnnApi> opened = Loading.open(copy.path(), CudnnApi.class, major == null ? List.of()
                : Loading.companions(copy.path(), Pattern.compile("libcudnn_[a-z_]+\\.so\\." + major), SUB_LIBRARY_ORDER),
                Loading.RTLD_GLOBAL);
        if (opened.api() == null) {
            log.evidence("load " + copy.path(), t);
            return log.result(Outcome.FAILED, copy.path() + " does not load: " + opened.error().message(),
                    List.of(use(copy, copy.version(), before)), List.of(), opened.error());
        }
        if (!opened.companionErrors().isEmpty()) {
            log.derived("sub-libraries that did not load beforehand: " + String.join("; ", opened.companionErrors()));
        }
        CudnnApi dnn = opened.api();
        String version = version(dnn, copy.version());
        List<Pointer> tensors = new ArrayList<>();
        Pointer filter = null;
        Pointer conv = null;
        PointerByReference handle = new PointerByReference();
        try {
            log.at("cudnnCreate");
            status(dnn, "cudnnCreate", dnn.cudnnCreate(handle));
            log.evidence(copy.path() + ": cudnnGetVersion, cudnnCreate" + (opened.companions().isEmpty() ? ""
                    : "; loaded first from its directory: " + String.join(", ", names(opened.companions()))), t);
            long t2 = System.nanoTime();
            log.at("cudnnCreateTensorDescriptor");
            Pointer x = tensor(dnn, tensors, Work.IMAGES, Work.CHANNELS, Work.HEIGHT, Work.WIDTH);
            PointerByReference f = new PointerByReference();
            status(dnn, "cudnnCreateFilterDescriptor", dnn.cudnnCreateFilterDescriptor(f));
            filter = f.getValue();
            status(dnn, "cudnnSetFilter4dDescriptor", dnn.cudnnSetFilter4dDescriptor(filter, CudnnApi.DATA_FLOAT,
                    CudnnApi.TENSOR_NCHW, Work.FILTERS, Work.CHANNELS, Work.R, Work.S));
            PointerByReference cv = new PointerByReference();
            status(dnn, "cudnnCreateConvolutionDescriptor", dnn.cudnnCreateConvolutionDescriptor(cv));
            conv = cv.getValue();
            status(dnn, "cudnnSetConvolution2dDescriptor", dnn.cudnnSetConvolution2dDescriptor(conv, Work.PAD, Work.PAD, 1, 1,
                    1, 1, CudnnApi.CROSS_CORRELATION, CudnnApi.DATA_FLOAT));
            String math = mathType(dnn, conv);
            IntByReference on = new IntByReference();
            IntByReference oc = new IntByReference();
            IntByReference oh = new IntByReference();
            IntByReference ow = new IntByReference();
            status(dnn, "cudnnGetConvolution2dForwardOutputDim", dnn.cudnnGetConvolution2dForwardOutputDim(conv, x, filter,
                    on, oc, oh, ow));
            int outH = Work.HEIGHT + 2 * Work.PAD - Work.R + 1;
            int outW = Work.WIDTH + 2 * Work.PAD - Work.S + 1;
            if (on.getValue() != Work.IMAGES || oc.getValue() != Work.FILTERS || oh.getValue() != outH || ow.getValue() != outW) {
                throw new CallFailed(new NativeError("cudnnGetConvolution2dForwardOutputDim", 0, null, "output "
                        + on.getValue() + "x" + oc.getValue() + "x" + oh.getValue() + "x" + ow.getValue() + ", expected "
                        + Work.IMAGES + "x" + Work.FILTERS + "x" + outH + "x" + outW));
            }
            Pointer y = tensor(dnn, tensors, Work.IMAGES, Work.FILTERS, outH, outW);
            LongByReference wsBytes = new LongByReference();
            log.at("cudnnGetConvolutionForwardWorkspaceSize");
            status(dnn, "cudnnGetConvolutionForwardWorkspaceSize", dnn.cudnnGetConvolutionForwardWorkspaceSize(
                    handle.getValue(), x, filter, conv, y, CudnnApi.FWD_ALGO_IMPLICIT_GEMM, wsBytes));
            int outCount = Work.IMAGES * Work.FILTERS * outH * outW;
            float[] out;
            double ms;
            try (Gpu.Buffers b = gpu.buffers()) {
                long dx = b.upload(Gpu.floats(work.x));
                long dw = b.upload(Gpu.floats(work.w));
                long dy = b.alloc((long) outCount * Float.BYTES);
                long ws = wsBytes.getValue() > 0 ? b.alloc(wsBytes.getValue()) : 0;
                long t3 = System.nanoTime();
                log.at("cudnnConvolutionForward");
                status(dnn, "cudnnConvolutionForward(IMPLICIT_GEMM)", dnn.cudnnConvolutionForward(handle.getValue(),
                        new float[] {1f}, x, new Pointer(dx), filter, new Pointer(dw), conv, CudnnApi.FWD_ALGO_IMPLICIT_GEMM,
                        ws == 0 ? null : new Pointer(ws), wsBytes.getValue(), new float[] {0f}, y, new Pointer(dy)));
                gpu.synchronize();
                ms = StepLog.ms(t3);
                out = b.download(dy, (long) outCount * Float.BYTES).getFloatArray(0, outCount);
            }
            log.evidence(copy.path() + ": tensor, filter and convolution descriptors (" + math + "), "
                    + "cudnnGetConvolutionForwardWorkspaceSize = " + wsBytes.getValue() + " bytes, cudnnConvolutionForward"
                    + " (IMPLICIT_GEMM)", t2);
            Errors e = work.conv().compare(out);
            String name = "convolution forward " + Work.IMAGES + "x" + Work.CHANNELS + "x" + Work.HEIGHT + "x" + Work.WIDTH
                    + " * " + Work.FILTERS + "x" + Work.CHANNELS + "x" + Work.R + "x" + Work.S;
            Check c = new Check(name, e.within(TOLERANCE) ? Outcome.PASSED : Outcome.FAILED, null,
                    "FP32, NCHW, padding " + Work.PAD + ", IMPLICIT_GEMM, " + math, e.maxAbs(), e.maxRel(), TOLERANCE, null,
                    e.nonFinite(), null, ms, null);
            return log.result(c.result(), "cuDNN " + version + ": " + CublasStep.describe(c), List.of(use(copy, version, before)),
                    List.of(c), null);
        } catch (CallFailed e) {
            log.evidence(copy.path() + ": " + e.error().describe(), t);
            return log.result(Outcome.FAILED, "cuDNN " + version + ": " + e.error().describe(),
                    List.of(use(copy, version, before)), List.of(), e.error());
        } finally {
            for (Pointer p : tensors) {
                dnn.cudnnDestroyTensorDescriptor(p);
            }
            if (filter != null) {
                dnn.cudnnDestroyFilterDescriptor(filter);
            }
            if (conv != null) {
                dnn.cudnnDestroyConvolutionDescriptor(conv);
            }
            if (handle.getValue() != null) {
                dnn.cudnnDestroy(handle.getValue());
            }
        }
    }

    private static List<String> names(List<String> paths) {
        return paths.stream().map(p -> p.substring(p.lastIndexOf('/') + 1)).toList();
    }

    private static LibraryUse use(LadderPlan.Copy copy, String version, List<String> before) {
        return new LibraryUse("cudnn", copy.path(), copy.foundBy(), version, Mapped.since(before, "libcudnn"));
    }

    private static Pointer tensor(CudnnApi dnn, List<Pointer> held, int n, int c, int h, int w) throws CallFailed {
        PointerByReference d = new PointerByReference();
        status(dnn, "cudnnCreateTensorDescriptor", dnn.cudnnCreateTensorDescriptor(d));
        held.add(d.getValue());
        status(dnn, "cudnnSetTensor4dDescriptor", dnn.cudnnSetTensor4dDescriptor(d.getValue(), CudnnApi.TENSOR_NCHW,
                CudnnApi.DATA_FLOAT, n, c, h, w));
        return d.getValue();
    }

    /** CUDNN_FMA_MATH where the copy has math types (cuDNN 7.0+); what was set, for the evidence. */
    private static String mathType(CudnnApi dnn, Pointer conv) {
        try {
            int rc = dnn.cudnnSetConvolutionMathType(conv, CudnnApi.FMA_MATH);
            return rc == 0 ? "CUDNN_FMA_MATH" : "default math (CUDNN_FMA_MATH refused: " + rc + ")";
        } catch (UnsatisfiedLinkError e) {
            return "default math";
        }
    }

    private static String version(CudnnApi dnn, String fallback) {
        try {
            long v = dnn.cudnnGetVersion();
            return Version.fromCudnnInt((int) v).toString();
        } catch (UnsatisfiedLinkError e) {
            return fallback;
        }
    }

    private static void status(CudnnApi dnn, String call, int status) throws CallFailed {
        if (status != 0) {
            String name;
            try {
                name = dnn.cudnnGetErrorString(status);
            } catch (UnsatisfiedLinkError e) {
                name = null;
            }
            throw new CallFailed(new NativeError(call, status, name, null));
        }
    }
}
