package dev.gpudoctor.validate;

import dev.gpudoctor.diagnosis.Diagnoser;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.diagnosis.rules.NativeRule;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The findings of a ladder (codes in docs/findings.md): a failed step is an error that names the
 * broken layer, with what to do; a wrong result and a PTX the driver refuses have codes of their
 * own; the FP16 error of this GPU and what is not installed (with the plan to install it) are info.
 */
public final class ValidationFindings {

    public static final String STEP_FAILED = "validate.step-failed";
    public static final String UNSUPPORTED_PTX = "validate.unsupported-ptx";
    public static final String WRONG_RESULT = "validate.wrong-result";
    public static final String FP16_ERROR = "validate.fp16-error";
    public static final String NOT_INSTALLED = "validate.not-installed";
    public static final String ENGINE_FAILED = "validate.engine-failed";
    public static final String ENGINE_PRECISION = "validate.engine-precision";
    public static final String PLAN_UNREADABLE = "validate.plan-unreadable";
    public static final String PLAN_INCOMPATIBLE = "validate.plan-incompatible";
    public static final String PLAN_LOADS = "validate.plan-loads";
    public static final List<String> CODES = List.of(STEP_FAILED, UNSUPPORTED_PTX, WRONG_RESULT, FP16_ERROR, NOT_INSTALLED,
            ENGINE_FAILED, ENGINE_PRECISION, PLAN_UNREADABLE, PLAN_INCOMPATIBLE, PLAN_LOADS);

    private static final String DRIVER_API_DOC = "https://docs.nvidia.com/cuda/cuda-driver-api/group__CUDA__TYPES.html";
    private static final String COMPAT_DOC = "https://docs.nvidia.com/deploy/cuda-compatibility/";

    private final InstallPlans plans;

    public ValidationFindings(InstallPlans plans) {
        this.plans = plans;
    }

    public List<Finding> of(Ladder ladder) {
        List<Finding> out = new ArrayList<>();
        String gpu = ladder.gpu() == null ? "this GPU" : ladder.gpu().name();
        for (StepResult s : ladder.steps()) {
            if (s.step() == Step.TENSORRT_ENGINE) {
                out.addAll(new EngineFindings(plans).of(s, ladder));
                continue;
            }
            if (s.result().isFailure()) {
                out.addAll(failed(s, ladder));
            } else if (s.result() == Outcome.NOT_INSTALLED) {
                out.add(notInstalled(s, ladder.gpu()));
            } else if (s.step() == Step.CUBLAS && s.result() == Outcome.PASSED) {
                s.checks().stream().filter(c -> c.name().startsWith("FP16")).findFirst()
                        .ifPresent(c -> out.add(fp16(s, c, gpu)));
            }
        }
        out.sort(Diagnoser.ORDER);
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------------------------------- failures

    private List<Finding> failed(StepResult s, Ladder ladder) {
        List<Finding> out = new ArrayList<>();
        String rest = ladder.steps().stream().anyMatch(x -> x.result() == Outcome.NOT_RUN)
                ? " The steps above it were not run." : "";
        for (Check c : s.checks()) {
            if (c.wrongResult()) {
                out.add(wrong(s, c, ladder.gpu(), rest));
            } else if (c.result() == Outcome.FAILED && c.error() != null && isUnsupportedPtx(c.error())) {
                out.add(unsupportedPtx(s, c.error(), c, ladder.gpu(), rest));
            } else if (c.result() == Outcome.FAILED && c.error() != null) {
                out.add(stepFailed(s, c.error(), c.name(), ladder.gpu(), rest));
            }
        }
        if (out.isEmpty()) {
            NativeError e = s.error() != null ? s.error() : new NativeError(s.title(), null, null, s.summary());
            out.add(s.result() == Outcome.FAILED && isUnsupportedPtx(e) ? unsupportedPtx(s, e, null, ladder.gpu(), rest)
                    : stepFailed(s, e, null, ladder.gpu(), rest));
        }
        return out;
    }

    /**
     * CUDA_ERROR_UNSUPPORTED_PTX_VERSION from whichever driver call reports it: cuModuleLoadDataEx JIT-compiles
     * at once, but with lazy loading (CUDA_MODULE_LOADING=LAZY) the error may come with the first use of the kernel.
     */
    private static boolean isUnsupportedPtx(NativeError e) {
        return e.code() != null && e.code() == 222 && e.call().startsWith("cu");
    }

    private Finding stepFailed(StepResult s, NativeError e, String check, GpuInfo gpu, String rest) {
        String title = switch (s.result()) {
            case TIMED_OUT -> "Validation step " + s.number() + " (" + s.title() + ") did not finish: " + s.layer() + " hangs";
            case CRASHED -> "Validation step " + s.number() + " (" + s.title() + ") crashed its process: " + s.layer()
                    + " is broken";
            default -> "Validation step " + s.number() + " (" + s.title() + ") failed: " + s.layer() + " is broken";
        };
        List<String> evidence = new ArrayList<>();
        evidence.add("step " + s.number() + ": " + s.summary());
        if (check != null) {
            evidence.add(check + ": " + e.describe());
        }
        if (e.message() != null && e.message().contains("\n")) {
            evidence.add(e.message().strip());
        }
        s.libraries().forEach(l -> evidence.add(l.role() + ": " + l.path() + " (" + l.foundBy() + ")"));
        return new Finding(STEP_FAILED, Severity.ERROR, s.title(), title, explain(s, e) + rest, evidence, fixes(s, e, gpu));
    }

    private static String explain(StepResult s, NativeError e) {
        if (s.result() == Outcome.TIMED_OUT) {
            return "A call into " + s.layer() + " did not return within the step's deadline (" + e.call() + "). A GPU "
                    + "that fell off the bus or a driver in a bad state makes calls hang; so can a machine so loaded that "
                    + "loading a library takes longer than the deadline.";
        }
        if (s.result() == Outcome.CRASHED) {
            return "The process that ran the step died" + (e.name() == null ? "" : " with " + e.name())
                    + ": native code of " + s.layer() + " crashed (in " + e.call() + "). gpu-doctor runs the GPU work in a "
                    + "separate process, so only this step is lost.";
        }
        if (s.step() == Step.DRIVER_API && e.call().startsWith("load ")) {
            return "No CUDA program can run: the dynamic linker finds no usable libcuda.so.1 (" + e.message() + ").";
        }
        if (s.step() == Step.DRIVER_API && e.code() != null && e.call().startsWith("cuInit")) {
            return "The CUDA driver API does not initialize, so no CUDA program can run here: " + NativeRule.meaning(e.code());
        }
        return "The step's " + e.describe() + ".";
    }

    private List<Fix> fixes(StepResult s, NativeError e, GpuInfo gpu) {
        if (s.result() == Outcome.TIMED_OUT) {
            return List.of(Fix.advice("Check dmesg for Xid errors and nvidia-smi for the GPU's state; reset the GPU "
                    + "(nvidia-smi -r) or reboot. If the machine is only slow, run again with a longer --step-timeout.", null));
        }
        if (s.result() == Outcome.CRASHED) {
            return List.of(Fix.advice("Reinstall the library copy named in the evidence, or validate another copy "
                    + "(--nvrtc, --cublas, --cudnn, --tensorrt PATH); `gpu-doctor check --deep` shows which copies load.",
                    null));
        }
        return switch (s.step()) {
            case DRIVER_API -> driverFixes(e);
            case PTX_JIT -> List.of(jitFix(e));
            case NVRTC -> List.of(nvrtcFix(e, gpu));
            default -> List.of(libraryFix(s, e));
        };
    }

    private List<Fix> driverFixes(NativeError e) {
        if (e.call().startsWith("load ")) {
            return List.of(Fix.advice("Install the NVIDIA driver: `gpu-doctor check` says why none is found here, and "
                    + "`gpu-doctor plan --target cuda=X.Y` gives the steps for this distribution. In a container, start it "
                    + "with the GPUs passed in (--gpus all).", plans.guide("driver").orElse(null)));
        }
        if (e.call().startsWith("cuInit") && e.code() != null) {
            return List.of(Fix.advice(NativeRule.advice(e.code()), DRIVER_API_DOC));
        }
        if (e.call().startsWith("cuDeviceGetCount")) {
            return List.of(Fix.advice("Check CUDA_VISIBLE_DEVICES and --device: the driver sees fewer devices than asked for.",
                    null));
        }
        return List.of(Fix.advice("The driver initialised but " + e.call() + " failed: check dmesg for Xid errors and "
                + "nvidia-smi -q for the GPU's state, then reset the GPU (nvidia-smi -r) or reboot.", DRIVER_API_DOC));
    }

    private static Fix jitFix(NativeError e) {
        int code = e.code() == null ? -1 : e.code();
        return switch (code) {
            case 221 -> Fix.advice("The driver's JIT compiler library (libnvidia-ptxjitcompiler.so.1) is missing: reinstall "
                    + "the driver's user-space libraries; in a container, include compute in NVIDIA_DRIVER_CAPABILITIES.",
                    DRIVER_API_DOC);
            case 223 -> Fix.advice("Unset CUDA_DISABLE_PTX_JIT: PTX JIT compilation is disabled in this environment.",
                    DRIVER_API_DOC);
            case 218 -> Fix.advice("The driver rejects a valid PTX kernel: reinstall the driver (its JIT is damaged or "
                    + "from another release than libcuda).", DRIVER_API_DOC);
            default -> Fix.advice("Check dmesg for Xid errors and reset the GPU (nvidia-smi -r) or reboot; reinstall the "
                    + "driver if it persists.", DRIVER_API_DOC);
        };
    }

    private static Fix nvrtcFix(NativeError e, GpuInfo gpu) {
        String log = e.message() == null ? "" : e.message();
        if (e.call().startsWith("nvrtcCompileProgram") && log.contains("--gpu-architecture")) {
            return Fix.advice("Use a CUDA toolkit whose NVRTC supports " + (gpu == null ? "this GPU" : gpu.computeArch()
                    + " (compute capability " + gpu.computeCapability() + ")") + ": this one dropped the architecture or "
                    + "predates it.", "https://docs.nvidia.com/cuda/nvrtc/index.html");
        }
        if (log.contains("libnvrtc-builtins")) {
            return Fix.advice("Reinstall this toolkit's NVRTC: its builtins library (libnvrtc-builtins) is missing "
                    + "or of another release.", "https://docs.nvidia.com/cuda/nvrtc/index.html");
        }
        return Fix.advice("Reinstall this toolkit's NVRTC or validate another copy with --nvrtc PATH.",
                "https://docs.nvidia.com/cuda/nvrtc/index.html");
    }

    private static Fix libraryFix(StepResult s, NativeError e) {
        String name = e.name() == null ? "" : e.name();
        if (e.call().startsWith("load ")) {
            return Fix.advice("Install what the loader says is missing, or reinstall this copy; another copy can be validated "
                    + "with --" + s.step().id() + " PATH.", null);
        }
        if (name.contains("SUBLIBRARY")) {
            return Fix.advice("Make the directory of this cuDNN hold one complete release (libcudnn_*.so of the same version),"
                    + " and keep LD_LIBRARY_PATH from leading to another cuDNN.", null);
        }
        if (name.equals("CUBLAS_STATUS_NOT_INITIALIZED") || name.contains("ARCH_MISMATCH")) {
            return Fix.advice("Use a " + s.layer() + " built for a CUDA version this driver supports and for this GPU "
                    + "(gpu-doctor compatible lists them), or upgrade the driver.", COMPAT_DOC);
        }
        return Fix.advice("Check dmesg for Xid errors; reinstall this copy of " + s.layer() + " or validate another with --"
                + s.step().id() + " PATH.", null);
    }

    private Finding unsupportedPtx(StepResult s, NativeError e, Check c, GpuInfo gpu, String rest) {
        String driver = gpu == null || gpu.driverCuda() == null ? "this driver" : "this driver (CUDA " + gpu.driverCuda() + ")";
        String log = e.message() == null ? "" : " The JIT says: " + e.message().strip();
        List<String> evidence = new ArrayList<>(List.of("step " + s.number() + ": " + s.summary(), e.describe()));
        if (c != null && c.library() != null) {
            evidence.add("NVRTC: " + c.library() + (c.detail() == null ? "" : " (" + c.detail() + ")"));
        }
        if (s.step() == Step.PTX_JIT) {
            return new Finding(UNSUPPORTED_PTX, Severity.ERROR, s.title(),
                    "The driver's JIT refuses PTX ISA 7.0: the driver is older than CUDA 11.0",
                    "PTX ISA 7.0 came with CUDA 11.0; " + driver + " does not accept it, so no program shipping PTX of "
                            + "CUDA 11 or later runs here." + log + rest, evidence,
                    List.of(Fix.advice("Upgrade the NVIDIA driver (gpu-doctor plan --target cuda=X.Y gives the steps).",
                            COMPAT_DOC)));
        }
        String nvrtc = c == null ? "A toolkit's NVRTC" : c.name().replaceFirst(" for compute_\\d+$", "");
        return new Finding(UNSUPPORTED_PTX, Severity.ERROR, s.title(), nvrtc + " writes PTX that " + driver + " refuses",
                "The toolkit is newer than the driver: NVRTC writes the PTX ISA of its own release, and the driver's JIT "
                        + "accepts PTX only up to its own CUDA version (CUDA_ERROR_UNSUPPORTED_PTX_VERSION). Programs that "
                        + "compile at run time with this toolkit (and ones built with it that ship only PTX for this GPU) "
                        + "fail the same way." + log + rest, evidence,
                List.of(Fix.advice("Upgrade the driver to one that supports this toolkit's CUDA version (gpu-doctor plan "
                        + "--target cuda=X.Y gives the steps)", COMPAT_DOC),
                        Fix.advice("Or compile with a toolkit no newer than the driver's CUDA version.", COMPAT_DOC)));
    }

    static Finding wrong(StepResult s, Check c, GpuInfo gpu, String rest) {
        String on = gpu == null ? "" : " on " + gpu.name();
        String how = c.mismatches() != null && c.mismatches() > 0 ? c.mismatches() + " wrong entries"
                : c.nonFinite() != null && c.nonFinite() > 0 ? c.nonFinite() + " entries NaN or infinite"
                : "max relative error " + sci(c.maxRelError()) + " (tolerance " + sci(c.tolerance()) + ")";
        return new Finding(WRONG_RESULT, Severity.ERROR, s.title(), c.name() + " gives wrong results" + on + ": " + how,
                "The calls succeed and the numbers are wrong: silent corruption, the worst way for " + s.layer()
                        + " to fail. A faulty GPU or GPU memory, a library bug for this GPU, or a kernel built for another "
                        + "architecture does this." + rest,
                List.of("step " + s.number() + ": " + s.summary(), c.name() + ": max abs error " + sci(c.maxAbsError())
                        + ", max relative error " + sci(c.maxRelError()) + ", tolerance " + sci(c.tolerance())
                        + (c.mismatches() == null ? "" : ", " + c.mismatches() + " entries differ")
                        + (c.nonFinite() == null || c.nonFinite() == 0 ? "" : ", " + c.nonFinite() + " not finite")),
                List.of(Fix.advice("Check the GPU: nvidia-smi -q -d ECC,ROW_REMAPPER and dmesg for Xid errors, then NVIDIA's "
                        + "diagnostic (dcgmi diag -r 3); validate another copy of the library to tell the GPU from the "
                        + "library.", "https://docs.nvidia.com/datacenter/dcgm/latest/user-guide/dcgm-diagnostics.html")));
    }

    // ------------------------------------------------------------------------------------------- info

    private static Finding fp16(StepResult s, Check c, String gpu) {
        return new Finding(FP16_ERROR, Severity.INFO, s.title(), "FP16 GEMM max error " + sci(c.maxAbsError()) + " (relative "
                + sci(c.maxRelError()) + ") on " + gpu + (c.gflops() == null ? "" : ", " + Math.round(c.gflops()) + " GFLOP/s"),
                "What half precision costs on this GPU and cuBLAS: " + c.name() + " with FP16 inputs and output and FP32 "
                        + "accumulation, against a double-precision CPU result of the same FP16 inputs. Expected: about 5e-4 "
                        + "relative (one rounding of the output to FP16); the check fails above " + sci(c.tolerance()) + ".",
                List.of(c.name() + ": max abs error " + sci(c.maxAbsError()) + ", max relative error " + sci(c.maxRelError())
                        + (c.gflops() == null ? "" : ", " + c.gflops() + " GFLOP/s (fastest timed run)")),
                List.of());
    }

    private Finding notInstalled(StepResult s, GpuInfo gpu) {
        Optional<Version> cuda = gpu == null || gpu.driverCuda() == null ? Optional.empty() : Version.parse(gpu.driverCuda());
        Fix fix = switch (s.step()) {
            case TENSORRT -> cuda.map(v -> plans.tensorrt(v.major())).orElse(null);
            case CUDNN -> cuda.map(v -> plans.cudnn(v.major())).orElse(null);
            default -> cuda.map(plans::cudaToolkit).orElse(null);
        };
        String what = switch (s.step()) {
            case NVRTC -> "NVRTC";
            case CUBLAS -> "cuBLAS";
            case CUDNN -> "cuDNN";
            default -> "TensorRT";
        };
        return new Finding(NOT_INSTALLED, Severity.INFO, s.title(), what + " is not installed: validation step " + s.number()
                + " had nothing to test", s.summary() + ". Nothing is broken; install it to validate it"
                + (cuda.map(v -> " (the plan is for the driver's CUDA " + v + ")").orElse(""))
                + (s.step() == Step.TENSORRT ? "; the release is the newest of the compatibility matrix that this "
                + "distribution has install steps for" : "") + ".",
                List.of("step " + s.number() + ": " + s.summary()), fix == null ? List.of() : List.of(fix));
    }

    static String sci(Double d) {
        if (d == null) {
            return "?";
        }
        return d == 0 ? "0" : String.format(java.util.Locale.ROOT, "%.1e", d);
    }
}
