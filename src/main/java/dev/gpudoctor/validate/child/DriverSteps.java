package dev.gpudoctor.validate.child;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.live.NativeLoader;
import dev.gpudoctor.validate.Check;
import dev.gpudoctor.validate.GpuInfo;
import dev.gpudoctor.validate.LibraryUse;
import dev.gpudoctor.validate.NativeError;
import dev.gpudoctor.validate.Outcome;
import dev.gpudoctor.validate.StepResult;
import dev.gpudoctor.validate.reference.Errors;
import dev.gpudoctor.validate.reference.Inputs;
import dev.gpudoctor.validate.reference.Saxpy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Steps 1 and 2: the driver API itself, then the driver's PTX JIT on a kernel shipped as text. */
final class DriverSteps {

    static final String LIBCUDA = "libcuda.so.1";
    /** Step 1 copies this much to the GPU and back: enough to cross several pages and DMA chunks. */
    static final int COPY_BYTES = 16 << 20;
    static final int SAXPY_N = 1 << 20;
    static final String SAXPY_KERNEL = "gpu_doctor_saxpy";

    /** What step 1 leaves for the steps above it. */
    record Started(StepResult result, Gpu gpu, GpuInfo info) {
    }

    private DriverSteps() {
    }

    static Started driverApi(StepLog log, int ordinal) {
        long t = System.nanoTime();
        log.at("load " + LIBCUDA);
        NativeLoader.Loaded<CudaApi> loaded = NativeLoader.load(LIBCUDA, CudaApi.class);
        if (!loaded.ok()) {
            boolean missing = loaded.message().contains("cannot open shared object file")
                    || loaded.message().contains("No such file");
            NativeError e = new NativeError("load " + LIBCUDA, null, null, loaded.message());
            log.evidence("load " + LIBCUDA + " (dynamic linker search: LD_LIBRARY_PATH, ld.so.cache, default directories)", t);
            return new Started(log.result(Outcome.FAILED, missing ? "no driver: " + LIBCUDA + " not found"
                    : LIBCUDA + " does not load: " + loaded.message(), List.of(), List.of(), e), null, null);
        }
        CudaApi cu = loaded.library();
        Gpu gpu = new Gpu(cu);
        gpu.logTo(log);
        String driverCuda = null;
        try {
            IntByReference v = new IntByReference();
            log.at("cuDriverGetVersion");
            if (cu.cuDriverGetVersion(v) == 0) {
                driverCuda = Version.fromCudaInt(v.getValue()).toString();
            }
            log.at("cuInit");
            gpu.call("cuInit(0)", cu.cuInit(0));
            IntByReference count = new IntByReference();
            log.at("cuDeviceGetCount");
            gpu.call("cuDeviceGetCount", cu.cuDeviceGetCount(count));
            log.evidence(LIBCUDA + ": cuDriverGetVersion = " + driverCuda + ", cuInit(0) = CUDA_SUCCESS, cuDeviceGetCount = "
                    + count.getValue(), t);
            if (ordinal >= count.getValue()) {
                String why = count.getValue() == 0 ? "cuInit succeeded but no CUDA device is visible"
                        : "device " + ordinal + " does not exist: the driver sees " + count.getValue() + " device(s)";
                return new Started(log.result(Outcome.FAILED, why, libcuda(driverCuda), List.of(),
                        new NativeError("cuDeviceGetCount", null, null, why)), null, null);
            }
            long t2 = System.nanoTime();
            IntByReference dev = new IntByReference();
            log.at("cuDeviceGet");
            gpu.call("cuDeviceGet(" + ordinal + ")", cu.cuDeviceGet(dev, ordinal));
            byte[] name = new byte[256];
            log.at("cuDeviceGetName");
            gpu.call("cuDeviceGetName", cu.cuDeviceGetName(name, name.length, dev.getValue()));
            IntByReference major = new IntByReference();
            IntByReference minor = new IntByReference();
            log.at("cuDeviceGetAttribute");
            gpu.call("cuDeviceGetAttribute(COMPUTE_CAPABILITY_MAJOR)",
                    cu.cuDeviceGetAttribute(major, CudaApi.ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, dev.getValue()));
            gpu.call("cuDeviceGetAttribute(COMPUTE_CAPABILITY_MINOR)",
                    cu.cuDeviceGetAttribute(minor, CudaApi.ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, dev.getValue()));
            LongByReference mem = new LongByReference();
            log.at("cuDeviceTotalMem_v2");
            Long memory = cu.cuDeviceTotalMem_v2(mem, dev.getValue()) == 0 ? mem.getValue() : null;
            GpuInfo info = new GpuInfo(ordinal, CStrings.cString(name), major.getValue() + "." + minor.getValue(), memory,
                    driverCuda);
            // The primary context is the one the CUDA runtime uses, so cuBLAS and cuDNN (runtime API
            // libraries) work in this same context rather than create their own.
            PointerByReference ctx = new PointerByReference();
            log.at("cuDevicePrimaryCtxRetain");
            gpu.call("cuDevicePrimaryCtxRetain", cu.cuDevicePrimaryCtxRetain(ctx, dev.getValue()));
            log.at("cuCtxSetCurrent");
            gpu.call("cuCtxSetCurrent", cu.cuCtxSetCurrent(ctx.getValue()));
            log.evidence(LIBCUDA + ": cuDeviceGet, cuDeviceGetName, cuDeviceGetAttribute(75, 76), cuDeviceTotalMem_v2, "
                    + "cuDevicePrimaryCtxRetain, cuCtxSetCurrent", t2);
            Check copies = copies(gpu, log);
            String summary = "cuInit, " + count.getValue() + " device(s); " + info.name() + " (compute capability "
                    + info.computeCapability() + (memory == null ? "" : ", " + memory / (1L << 30) + " GiB")
                    + "), primary context, " + (COPY_BYTES >> 20) + " MiB to the GPU and back "
                    + (copies.result() == Outcome.PASSED ? "unchanged" : "CHANGED");
            return new Started(log.result(copies.result(), summary, libcuda(driverCuda), List.of(copies), null), gpu, info);
        } catch (CallFailed e) {
            log.evidence(LIBCUDA + ": " + e.error().describe(), t);
            return new Started(log.result(Outcome.FAILED, e.error().describe(), libcuda(driverCuda), List.of(), e.error()),
                    null, null);
        }
    }

    private static List<LibraryUse> libcuda(String driverCuda) {
        return List.of(new LibraryUse("libcuda", LIBCUDA, "dynamic linker search (LD_LIBRARY_PATH, ld.so.cache, "
                + "default directories)", driverCuda == null ? null : "CUDA " + driverCuda, Mapped.files("libcuda.so")));
    }

    /** Fixed-seed words to the GPU and back: every byte must return. */
    private static Check copies(Gpu gpu, StepLog log) throws CallFailed {
        int words = COPY_BYTES / Integer.BYTES;
        int[] pattern = Inputs.bytePattern(0x6770755f646f63L, words);
        Memory host = new Memory(COPY_BYTES);
        host.write(0, pattern, 0, words);
        long t = System.nanoTime();
        int[] back;
        try (Gpu.Buffers b = gpu.buffers()) {
            long d = b.upload(host);
            back = b.download(d, COPY_BYTES).getIntArray(0, words);
        }
        double ms = StepLog.ms(t);
        log.evidence(LIBCUDA + ": cuMemAlloc_v2, cuMemcpyHtoD_v2, cuMemcpyDtoH_v2, cuMemFree_v2 (" + (COPY_BYTES >> 20)
                + " MiB)", t);
        long differ = 0;
        for (int i = 0; i < words; i++) {
            if (back[i] != pattern[i]) {
                differ++;
            }
        }
        return new Check("copy " + (COPY_BYTES >> 20) + " MiB host -> device -> host", differ == 0 ? Outcome.PASSED
                : Outcome.FAILED, null, differ == 0 ? "both copies in " + ms + " ms (pageable host memory)"
                : differ + " of " + words + " words came back different", null, null, 0.0, differ, null, null, ms, null);
    }

    /** The PTX of step 2, shipped in the jar as text. */
    static String ptx() {
        try (InputStream in = DriverSteps.class.getResourceAsStream("/dev/gpudoctor/validate/saxpy.ptx")) {
            if (in == null) {
                throw new IllegalStateException("saxpy.ptx is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read saxpy.ptx from the jar: " + e.getMessage(), e);
        }
    }

    static StepResult ptxJit(StepLog log, Gpu gpu, GpuInfo info) {
        gpu.logTo(log);
        String ptx = ptx();
        String isa = Ptx.version(ptx).orElse("?");
        long t = System.nanoTime();
        try {
            Gpu.Module m = gpu.load(ptx);
            try {
                log.evidence(LIBCUDA + ": cuModuleLoadDataEx (PTX ISA " + isa + ", .target sm_50, JIT for sm_"
                        + info.computeCapability().replace(".", "") + ")", t);
                Saxpy data = Saxpy.of(0x5a5a2L, SAXPY_N, 1.75f);
                long t2 = System.nanoTime();
                float[] y = gpu.saxpy(gpu.function(m, SAXPY_KERNEL), data);
                double ms = StepLog.ms(t2);
                log.evidence(LIBCUDA + ": cuModuleGetFunction(" + SAXPY_KERNEL + "), cuLaunchKernel, cuCtxSynchronize", t2);
                Check c = exact("saxpy " + SAXPY_N + " (hand-written PTX, JIT-compiled by the driver)", null, data, y, ms,
                        "PTX ISA " + isa + (m.jitMs() == null ? "" : ", JIT " + Math.round(m.jitMs() * 100) / 100.0 + " ms"));
                String summary = "PTX ISA " + isa + " kernel JIT-compiled for sm_" + info.computeCapability().replace(".", "")
                        + (m.jitMs() == null ? "" : " in " + Math.round(m.jitMs() * 100) / 100.0 + " ms") + ", "
                        + verdict(c, SAXPY_N);
                return log.result(c.result(), summary, List.of(), List.of(c), null);
            } finally {
                gpu.unload(m);
            }
        } catch (CallFailed e) {
            String summary = e.error().code() != null && e.error().code() == CudaApi.CUDA_ERROR_UNSUPPORTED_PTX_VERSION
                    ? "the driver's JIT refuses PTX ISA " + isa + ": " + e.error().describe()
                    : e.error().describe();
            return log.result(Outcome.FAILED, summary, List.of(), List.of(), e.error());
        }
    }

    /** A saxpy result checked bit for bit against Math.fma. */
    static Check exact(String name, String library, Saxpy data, float[] gpu, double ms, String detail) {
        float[] expected = data.expected();
        long mismatches = Errors.mismatches(gpu, expected);
        Errors e = data.reference().compare(gpu);
        return new Check(name, mismatches == 0 ? Outcome.PASSED : Outcome.FAILED, library, detail, e.maxAbs(), e.maxRel(),
                0.0, mismatches, e.nonFinite(), null, ms, null);
    }

    static String verdict(Check c, int n) {
        return c.result() == Outcome.PASSED ? n + " results exact"
                : c.mismatches() + " of " + n + " results wrong (max abs error " + CublasStep.sci(c.maxAbsError())
                + (c.nonFinite() == null || c.nonFinite() == 0 ? "" : ", " + c.nonFinite() + " NaN or infinite") + ")";
    }
}
