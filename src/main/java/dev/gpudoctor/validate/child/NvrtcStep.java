package dev.gpudoctor.validate.child;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gpudoctor.validate.Check;
import dev.gpudoctor.validate.GpuInfo;
import dev.gpudoctor.validate.LadderPlan;
import dev.gpudoctor.validate.LibraryUse;
import dev.gpudoctor.validate.NativeError;
import dev.gpudoctor.validate.Outcome;
import dev.gpudoctor.validate.StepResult;
import dev.gpudoctor.validate.reference.Saxpy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Step 3: each NVRTC copy compiles CUDA C for this GPU's compute_XY, and the driver loads the PTX it
 * wrote. NVRTC writes the PTX ISA of its own release (13.0 writes 9.0), and a driver older than the
 * toolkit refuses it with CUDA_ERROR_UNSUPPORTED_PTX_VERSION: the "toolkit newer than the driver"
 * failure, seen here rather than in the first program built with that toolkit.
 *
 * All copies are tried in one process. Copies of different releases do not meet: each opens the
 * builtins of its own major.minor (libnvrtc-builtins.so.13.0, .so.12.4). Two copies of the same
 * major.minor (a toolkit's and a wheel's) share the first one's builtins, since a second open of the
 * same name returns the library already loaded; the mapped files in the result show it.
 */
final class NvrtcStep {

    static final String KERNEL = "gpu_doctor_nvrtc";
    private static final Pattern BUILTINS = Pattern.compile("libnvrtc-builtins\\.so\\.\\d+\\.\\d+");

    private NvrtcStep() {
    }

    static String source() {
        try (InputStream in = NvrtcStep.class.getResourceAsStream("/dev/gpudoctor/validate/nvrtc_saxpy.cu")) {
            if (in == null) {
                throw new IllegalStateException("nvrtc_saxpy.cu is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read nvrtc_saxpy.cu from the jar: " + e.getMessage(), e);
        }
    }

    static StepResult run(StepLog log, Gpu gpu, GpuInfo info, List<LadderPlan.Copy> copies) {
        gpu.logTo(log);
        if (copies.isEmpty()) {
            return log.result(Outcome.NOT_INSTALLED, "no NVRTC found (no CUDA toolkit with libnvrtc, no nvidia-cuda-nvrtc wheel)",
                    List.of(), List.of(), null);
        }
        List<Check> checks = new ArrayList<>();
        List<LibraryUse> used = new ArrayList<>();
        for (LadderPlan.Copy copy : copies) {
            List<String> before = Mapped.files("libnvrtc");
            Tried t = one(log, gpu, info, copy);
            checks.add(t.check());
            used.add(new LibraryUse("nvrtc", copy.path(), copy.foundBy(), t.version(), Mapped.since(before, "libnvrtc")));
        }
        List<Check> failed = checks.stream().filter(c -> c.result() != Outcome.PASSED).toList();
        String summary = String.join("; ", checks.stream().map(c -> c.name() + ": " + (c.result() == Outcome.PASSED
                ? c.detail() + ", " + DriverSteps.SAXPY_N + " results exact"
                : c.error() != null ? c.error().describe() : c.detail())).toList());
        return log.result(failed.isEmpty() ? Outcome.PASSED : Outcome.FAILED, summary, used, checks,
                failed.isEmpty() ? null : failed.get(0).error());
    }

    /** One copy's check, with the version the copy reported (the finder's where it could not say). */
    private record Tried(Check check, String version) {
    }

    private static Tried one(StepLog log, Gpu gpu, GpuInfo info, LadderPlan.Copy copy) {
        String arch = info.computeArch();
        long t = System.nanoTime();
        log.at("load " + copy.path());
        Loading.Opened<NvrtcApi> opened = Loading.open(copy.path(), NvrtcApi.class,
                Loading.companions(copy.path(), BUILTINS, List.of()), Loading.RTLD_LOCAL);
        if (opened.api() == null) {
            log.evidence("load " + copy.path(), t);
            return new Tried(Check.failed(label(copy.version(), copy, arch), copy.path(), opened.error()), copy.version());
        }
        NvrtcApi nvrtc = opened.api();
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        log.at("nvrtcVersion");
        String version = call(nvrtc, "nvrtcVersion", () -> nvrtc.nvrtcVersion(major, minor)) == null
                ? major.getValue() + "." + minor.getValue() : copy.version();
        String label = label(version, copy, arch);
        PointerByReference program = new PointerByReference();
        try {
            log.at("nvrtcCreateProgram");
            NativeError e = call(nvrtc, "nvrtcCreateProgram",
                    () -> nvrtc.nvrtcCreateProgram(program, source(), "gpu_doctor_nvrtc.cu", 0, null, null));
            if (e != null) {
                return new Tried(Check.failed(label, copy.path(), e), version);
            }
            String option = "--gpu-architecture=" + arch;
            log.at("nvrtcCompileProgram");
            long tc = System.nanoTime();
            int rc = nvrtc.nvrtcCompileProgram(program.getValue(), 1, new String[] {option});
            double compileMs = StepLog.ms(tc);
            if (rc != 0) {
                log.evidence(copy.path() + ": nvrtcCompileProgram(" + option + ") = " + rc, tc);
                return new Tried(Check.failed(label, copy.path(), new NativeError("nvrtcCompileProgram(" + option + ")", rc,
                        errorString(nvrtc, rc), programLog(nvrtc, program.getValue()))), version);
            }
            String ptx = ptx(nvrtc, program.getValue());
            String isa = Ptx.version(ptx).orElse("?");
            log.evidence(copy.path() + ": nvrtcVersion, nvrtcCreateProgram, nvrtcCompileProgram(" + option + "), nvrtcGetPTX"
                    + " (PTX ISA " + isa + ", .target " + Ptx.target(ptx).orElse("?") + ")"
                    + (opened.companions().isEmpty() ? "" : "; loaded first from its directory: "
                    + String.join(", ", opened.companions())), t);
            return new Tried(run(log, gpu, info, copy, label, ptx, "compiled in " + compileMs + " ms to PTX ISA " + isa),
                    version);
        } catch (CallFailed f) {
            return new Tried(Check.failed(label, copy.path(), f.error()), version);
        } finally {
            if (program.getValue() != null) {
                nvrtc.nvrtcDestroyProgram(program);
            }
        }
    }

    private static String label(String version, LadderPlan.Copy copy, String arch) {
        return "NVRTC " + (version == null ? "" : version + " ") + "(" + copy.path() + ") for " + arch;
    }

    /** The driver loads what NVRTC wrote and runs it. */
    private static Check run(StepLog log, Gpu gpu, GpuInfo info, LadderPlan.Copy copy, String label, String ptx,
                             String detail) throws CallFailed {
        long tl = System.nanoTime();
        Gpu.Module m;
        try {
            m = gpu.load(ptx);
        } catch (CallFailed f) {
            log.evidence("libcuda.so.1: cuModuleLoadDataEx of the PTX ISA " + Ptx.version(ptx).orElse("?")
                    + " NVRTC wrote", tl);
            return new Check(label, Outcome.FAILED, copy.path(), detail + "; the driver"
                    + (info.driverCuda() == null ? "" : " (CUDA " + info.driverCuda() + ")") + " does not load it",
                    null, null, null, null, null, null, null, f.error());
        }
        try {
            Saxpy data = Saxpy.of(0x3e3e3L + seed(copy.path()), DriverSteps.SAXPY_N, -0.625f);
            long tr = System.nanoTime();
            float[] y = gpu.saxpy(gpu.function(m, KERNEL), data);
            log.evidence("libcuda.so.1: cuModuleLoadDataEx, cuModuleGetFunction(" + KERNEL + "), cuLaunchKernel", tl);
            return DriverSteps.exact(label, copy.path(), data, y, StepLog.ms(tr), detail
                    + (m.jitMs() == null ? "" : ", JIT " + Math.round(m.jitMs() * 100) / 100.0 + " ms"));
        } finally {
            gpu.unload(m);
        }
    }

    /** Different inputs per copy (same each run), so that one copy's output cannot pass for another's. */
    private static long seed(String path) {
        return path.hashCode() & 0xffffL;
    }

    private interface NvrtcCall {
        int invoke();
    }

    private static NativeError call(NvrtcApi nvrtc, String name, NvrtcCall c) {
        try {
            int rc = c.invoke();
            return rc == 0 ? null : new NativeError(name, rc, errorString(nvrtc, rc), null);
        } catch (UnsatisfiedLinkError e) {
            return new NativeError(name, null, null, "no symbol " + name + " in this copy");
        }
    }

    private static String errorString(NvrtcApi nvrtc, int rc) {
        try {
            return nvrtc.nvrtcGetErrorString(rc);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    private static String programLog(NvrtcApi nvrtc, Pointer program) {
        LongByReference size = new LongByReference();
        if (nvrtc.nvrtcGetProgramLogSize(program, size) != 0 || size.getValue() <= 1) {
            return null;
        }
        Memory log = new Memory(size.getValue());
        if (nvrtc.nvrtcGetProgramLog(program, log) != 0) {
            return null;
        }
        String s = log.getString(0, StandardCharsets.UTF_8.name()).strip();
        return s.isEmpty() ? null : s;
    }

    private static String ptx(NvrtcApi nvrtc, Pointer program) throws CallFailed {
        LongByReference size = new LongByReference();
        int rc = nvrtc.nvrtcGetPTXSize(program, size);
        if (rc != 0) {
            throw new CallFailed(new NativeError("nvrtcGetPTXSize", rc, errorString(nvrtc, rc), null));
        }
        Memory ptx = new Memory(Math.max(1, size.getValue()));
        rc = nvrtc.nvrtcGetPTX(program, ptx);
        if (rc != 0) {
            throw new CallFailed(new NativeError("nvrtcGetPTX", rc, errorString(nvrtc, rc), null));
        }
        return ptx.getString(0, StandardCharsets.US_ASCII.name());
    }
}
