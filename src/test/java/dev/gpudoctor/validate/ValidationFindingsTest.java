package dev.gpudoctor.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.SystemFacts;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.probe.system.OsReleaseParser;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The findings of ladders that end in each way, without running one: what each failure tells the user to do. */
class ValidationFindingsTest {

    static final GpuInfo H200 = new GpuInfo(0, "NVIDIA H200", "9.0", 150_000_000_000L, "13.0");

    static StepResult passed(Step s) {
        return StepResult.of(s, Outcome.PASSED, "ok", 1.0, List.of(), List.of(), null, List.of());
    }

    /** A ladder whose step {@code at} ended as given: the ones below passed, the ones above were not run. */
    static Ladder ladder(StepResult at) {
        List<StepResult> steps = new ArrayList<>();
        for (Step s : Step.values()) {
            if (s.number() < at.number()) {
                steps.add(passed(s));
            } else if (s.number() == at.number()) {
                steps.add(at);
            } else {
                steps.add(at.result().letsLadderContinue() ? passed(s) : StepResult.notRun(s, "not run (a lower step failed)"));
            }
        }
        return Ladder.of(H200, steps);
    }

    static InstallPlans ubuntu2404() throws Exception {
        String osRelease = Files.readString(dev.gpudoctor.testing.Fixtures.bundle("h200-torch-container")
                .resolve("rootfs/etc/os-release"));
        SystemFacts sys = new SystemFacts(OsReleaseParser.parse(osRelease), Fact.absent("-"), Fact.absent("-"),
                Fact.absent("-"), Fact.absent("-"));
        return InstallPlans.of(MatrixLoader.bundled(), sys);
    }

    static List<Finding> findings(StepResult at) throws Exception {
        return new ValidationFindings(ubuntu2404()).of(ladder(at));
    }

    /** A driver upgraded without a reboot: cuInit gives CUDA_ERROR_SYSTEM_DRIVER_MISMATCH (803). */
    @Test
    void cuInitErrorsExplainThemselvesAsCheckDoes() throws Exception {
        NativeError e = new NativeError("cuInit(0)", 803, "CUDA_ERROR_SYSTEM_DRIVER_MISMATCH", null);
        List<Finding> f = findings(StepResult.of(Step.DRIVER_API, Outcome.FAILED, e.describe(), 300.0, List.of(), List.of(), e,
                List.of()));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ValidationFindings.STEP_FAILED);
            assertThat(x.severity()).isEqualTo(Severity.ERROR);
            assertThat(x.title()).isEqualTo("Validation step 1 (CUDA driver API) failed: the CUDA driver (libcuda and the "
                    + "kernel module) is broken");
            assertThat(x.explanation()).contains("forward-compat libcuda does not match").endsWith("not run.");
            assertThat(x.fixes().get(0).summary()).contains("forward-compat");
        });
    }

    /** A container started without the compute capability: the driver's JIT library is not there (221). */
    @Test
    void aMissingJitCompilerPointsAtTheDriverLibraries() throws Exception {
        NativeError e = new NativeError("cuModuleLoadDataEx", 221, "CUDA_ERROR_JIT_COMPILER_NOT_FOUND", null);
        List<Finding> f = findings(StepResult.of(Step.PTX_JIT, Outcome.FAILED, e.describe(), 5.0, List.of(), List.of(), e,
                List.of()));
        assertThat(f).singleElement().satisfies(x ->
                assertThat(x.fixes().get(0).summary()).contains("libnvidia-ptxjitcompiler.so.1").contains("compute"));
    }

    /** With lazy module loading the refusal may come with the first use of the kernel, not the load. */
    @Test
    void anUnsupportedPtxIsRecognisedFromAnyDriverCall() throws Exception {
        NativeError e = new NativeError("cuModuleGetFunction(gpu_doctor_nvrtc)", 222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION", null);
        Check c = Check.failed("NVRTC 13.1 (/usr/local/cuda-13.1/lib64/libnvrtc.so.13) for compute_90",
                "/usr/local/cuda-13.1/lib64/libnvrtc.so.13", e);
        List<Finding> f = findings(StepResult.of(Step.NVRTC, Outcome.FAILED, "x", 5.0, List.of(), List.of(c), e, List.of()));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ValidationFindings.UNSUPPORTED_PTX);
            assertThat(x.title()).isEqualTo("NVRTC 13.1 (/usr/local/cuda-13.1/lib64/libnvrtc.so.13) writes PTX that this "
                    + "driver (CUDA 13.0) refuses");
            assertThat(x.fixes()).hasSize(2);
        });
    }

    /** Two NVRTCs, one good and one too new: one finding, for the one that failed. */
    @Test
    void onlyTheFailingNvrtcIsAFinding() throws Exception {
        NativeError e = new NativeError("cuModuleLoadDataEx", 222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION", "Unsupported .version 9.1");
        Check good = new Check("NVRTC 13.0 (a) for compute_90", Outcome.PASSED, "a", "x", 0.0, 0.0, 0.0, 0L, 0L, null, 1.0, null);
        Check bad = Check.failed("NVRTC 13.1 (b) for compute_90", "b", e);
        List<Finding> f = findings(StepResult.of(Step.NVRTC, Outcome.FAILED, "x", 5.0, List.of(), List.of(good, bad), e,
                List.of()));
        assertThat(f).extracting(Finding::title).containsExactly("NVRTC 13.1 (b) writes PTX that this driver (CUDA 13.0) refuses");
        assertThat(f.get(0).explanation()).contains("The JIT says: Unsupported .version 9.1");
    }

    /** A hang and a crash name the call, and what to do differs from a plain failure. */
    @Test
    void hangsAndCrashesSayWhatHappened() throws Exception {
        NativeError hang = new NativeError("cudnnCreate", null, null, "no answer within 30000 ms");
        Finding h = findings(StepResult.of(Step.CUDNN, Outcome.TIMED_OUT, "did not finish", 30000.0, List.of(), List.of(),
                hang, List.of())).get(0);
        assertThat(h.title()).contains("did not finish: cuDNN hangs");
        assertThat(h.explanation()).contains("(cudnnCreate)");
        assertThat(h.fixes().get(0).summary()).contains("Xid").contains("--step-timeout");
        NativeError crash = new NativeError("cublasCreate_v2", 1, "SIGSEGV in libcublasLt.so.13 (cublasLtCreate)", "...");
        Finding c = findings(StepResult.of(Step.CUBLAS, Outcome.CRASHED, "died", 80.0, List.of(), List.of(), crash,
                List.of())).get(0);
        assertThat(c.title()).contains("crashed its process: cuBLAS is broken");
        assertThat(c.explanation()).contains("SIGSEGV in libcublasLt.so.13 (cublasLtCreate)");
    }

    /** Data that comes back changed from the GPU (step 1's copies) is a wrong result, not an API failure. */
    @Test
    void changedCopiesAreAWrongResult() throws Exception {
        Check copies = new Check("copy 16 MiB host -> device -> host", Outcome.FAILED, null, "1 of 4194304 words came back "
                + "different", null, null, 0.0, 1L, null, null, 3.0, null);
        Finding f = findings(StepResult.of(Step.DRIVER_API, Outcome.FAILED, "x", 10.0, List.of(), List.of(copies), null,
                List.of())).get(0);
        assertThat(f.code()).isEqualTo(ValidationFindings.WRONG_RESULT);
        assertThat(f.title()).isEqualTo("copy 16 MiB host -> device -> host gives wrong results on NVIDIA H200: 1 wrong entries");
        assertThat(f.fixes().get(0).summary()).contains("dcgmi diag");
    }

    /**
     * The H200 host: TensorRT is not installed. The finding is information with the plan for Ubuntu 24.04 and the driver's
     * CUDA 13: NVIDIA's repository, then every TensorRT package pinned to one release built for CUDA 13.
     */
    @Test
    void tensorrtNotInstalledComesWithItsInstallPlan() throws Exception {
        List<Finding> f = findings(StepResult.of(Step.TENSORRT, Outcome.NOT_INSTALLED, "TensorRT is not installed", 1.0,
                List.of(), List.of(), null, List.of()));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ValidationFindings.NOT_INSTALLED);
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.explanation()).contains("the plan is for the driver's CUDA 13.0");
            var fix = x.fixes().get(0);
            assertThat(fix.summary()).startsWith("Install TensorRT 10.16.1 for CUDA 13 on Ubuntu 24.04");
            assertThat(fix.needsRoot()).isTrue();
            assertThat(fix.steps().get(fix.steps().size() - 1)).startsWith("apt-get", "install", "-y")
                    .contains("libnvinfer10=10.16.1.*-1+cuda13.*[0-9]", "tensorrt-dev=10.16.1.*-1+cuda13.*[0-9]");
        });
    }

    /** Without a readable matrix the plan is advice that says why, never a guessed command. */
    @Test
    void withoutTheMatrixThePlanIsAdvice() {
        List<Finding> f = new ValidationFindings(InstallPlans.without("broken.yaml line 3")).of(ladder(
                StepResult.of(Step.TENSORRT, Outcome.NOT_INSTALLED, "TensorRT is not installed", 1.0, List.of(), List.of(), null,
                        List.of())));
        assertThat(f.get(0).fixes().get(0).isRunnable()).isFalse();
        assertThat(f.get(0).fixes().get(0).summary()).contains("broken.yaml line 3");
    }

    /** The FP16 error of a passed GEMM is information: the numbers people ask about (max error, rate). */
    @Test
    void theFp16ErrorIsInformation() throws Exception {
        Check fp32 = new Check("FP32 GEMM 512x512x512", Outcome.PASSED, null, null, 3e-5, 2e-7, 1e-4, null, 0L, 51000.0, 1.0, null);
        Check fp16 = new Check("FP16 GEMM 512x512x512", Outcome.PASSED, null, null, 0.0312, 1.1e-4, 1e-2, null, 0L, 210000.0, 1.0,
                null);
        List<Finding> f = findings(StepResult.of(Step.CUBLAS, Outcome.PASSED, "x", 5.0, List.of(), List.of(fp32, fp16), null,
                List.of()));
        assertThat(f).singleElement().satisfies(x -> {
            assertThat(x.code()).isEqualTo(ValidationFindings.FP16_ERROR);
            assertThat(x.severity()).isEqualTo(Severity.INFO);
            assertThat(x.title()).isEqualTo("FP16 GEMM max error 3.1e-02 (relative 1.1e-04) on NVIDIA H200, 210000 GFLOP/s");
        });
    }
}
