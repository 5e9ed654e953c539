package dev.gpudoctor.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.testing.FakeLadderLibraries;
import dev.gpudoctor.testing.PythonWithOnnx;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole ladder through the real child process and the real JNA calls, against fake libraries
 * (src/test/native) that behave as the named real cases do. Each test names the case it stands for.
 */
class LadderTest {

    @TempDir
    static Path tmp;

    static FakeStack stack;

    @BeforeAll
    static void build() throws Exception {
        stack = new FakeStack(tmp);
    }

    private static List<Outcome> outcomes(ValidationReport r) {
        return r.validation().steps().stream().map(StepResult::result).toList();
    }

    private static List<String> codes(ValidationReport r) {
        return r.findings().stream().map(Finding::code).toList();
    }

    private static Finding finding(ValidationReport r, String code) {
        return r.findings().stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow();
    }

    /**
     * A healthy H100 with driver 580 (CUDA 13.0), a CUDA 13.0 toolkit, cuBLAS 13.1, cuDNN 9.19 and TensorRT 10 with
     * trtexec (the fake, which computes the engines with numpy).
     */
    @Test
    void everyStepPassesOnAHealthyStack() throws Exception {
        assumeTrue(PythonWithOnnx.find().isPresent(), PythonWithOnnx.NEEDED);
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("healthy-tools")).trtexec();
        ValidationReport r = stack.run("healthy-h100", stack.all(), tools.host(), EngineOptions.defaults());
        Ladder l = r.validation();
        assertThat(outcomes(r)).containsOnly(Outcome.PASSED);
        assertThat(l.outcome()).isEqualTo(Outcome.PASSED);
        assertThat(l.failedStep()).isNull();
        assertThat(l.gpu().name()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(l.gpu().computeCapability()).isEqualTo("9.0");
        assertThat(l.gpu().driverCuda()).isEqualTo("13.0");
        // Step 1 found libcuda by soname and the process really mapped the fake one.
        assertThat(l.step(Step.DRIVER_API).libraries().get(0).mapped()).containsExactly(stack.driver("healthy-h100")
                .resolve("libcuda.so.1").toString());
        // Step 2: the hand-written PTX 7.0 was JIT-compiled; saxpy exact to the bit.
        Check saxpy = l.step(Step.PTX_JIT).checks().get(0);
        assertThat(saxpy.mismatches()).isZero();
        assertThat(saxpy.detail()).contains("PTX ISA 7.0");
        // Step 3: NVRTC compiled for the GPU's own architecture, with its builtins from its own folder.
        StepResult nvrtc = l.step(Step.NVRTC);
        assertThat(nvrtc.checks().get(0).name()).contains("NVRTC 13.0").endsWith("for compute_90");
        assertThat(nvrtc.checks().get(0).detail()).contains("PTX ISA 9.0");
        assertThat(nvrtc.libraries().get(0).mapped()).contains(stack.nvrtc13.getParent().resolve("libnvrtc-builtins.so.13.0")
                .toString());
        // Step 4: both GEMMs within tolerance, with rates; libcublasLt came from the copy's own folder.
        StepResult gemm = l.step(Step.CUBLAS);
        assertThat(gemm.checks()).extracting(Check::name).containsExactly("FP32 GEMM 512x512x512", "FP16 GEMM 512x512x512");
        assertThat(gemm.checks().get(0).maxRelError()).isLessThan(1e-6);
        assertThat(gemm.checks().get(1).maxRelError()).isBetween(1e-6, 1e-3);
        assertThat(gemm.checks()).allSatisfy(c -> assertThat(c.gflops()).isPositive());
        assertThat(gemm.libraries().get(0).version()).isEqualTo("13.1.0");
        assertThat(gemm.libraries().get(0).mapped()).contains(stack.cublas.getParent().resolve("libcublasLt.so.13").toString());
        // Step 5: the copy named, its sub-libraries mapped from its own folder.
        StepResult dnn = l.step(Step.CUDNN);
        assertThat(dnn.libraries().get(0).path()).isEqualTo(stack.cudnn.toString());
        assertThat(dnn.libraries().get(0).version()).isEqualTo("9.19.0");
        assertThat(dnn.libraries().get(0).mapped()).contains(stack.cudnn.getParent().resolve("libcudnn_cnn.so.9").toString());
        assertThat(dnn.checks().get(0).maxRelError()).isLessThan(1e-6);
        assertThat(l.step(Step.TENSORRT).summary()).startsWith("TensorRT 10.3.0 loads");
        // Step 7: the three engines through trtexec, on the GPU step 1 described.
        StepResult engine = l.step(Step.TENSORRT_ENGINE);
        assertThat(engine.summary()).startsWith("TensorRT 10.3.0 via trtexec: FP32 max abs error ");
        assertThat(engine.checks()).extracting(Check::name).containsExactly("FP32 engine (trtexec)", "FP16 engine (trtexec)",
                "INT8 engine (trtexec)");
        assertThat(l.engine().precisions()).allSatisfy(p -> assertThat(p.result()).isEqualTo(Outcome.PASSED));
        // The FP16 errors of this GPU are information, and nothing is an error.
        assertThat(codes(r)).containsExactlyInAnyOrder(ValidationFindings.FP16_ERROR, ValidationFindings.ENGINE_PRECISION);
        assertThat(finding(r, ValidationFindings.FP16_ERROR).title()).startsWith("FP16 GEMM max error ")
                .contains("on NVIDIA H100 80GB HBM3");
        assertThat(l.gpuStepsMs()).isPositive();
        assertThat(l.steps()).allSatisfy(s -> assertThat(s.deadlineMs()).isPositive());
        assertThat(ValidationSchemaTest.validate(r)).isEmpty();
    }

    /** A container with the driver mounted but no GPU passed in: cuInit gives CUDA_ERROR_NO_DEVICE. */
    @Test
    void cuInitFailingStopsAtStepOne() throws Exception {
        ValidationReport r = stack.run("no-devices", stack.all());
        assertThat(outcomes(r)).containsExactly(Outcome.FAILED, Outcome.NOT_RUN, Outcome.NOT_RUN, Outcome.NOT_RUN,
                Outcome.NOT_RUN, Outcome.NOT_RUN, Outcome.NOT_RUN);
        StepResult s = r.validation().step(Step.DRIVER_API);
        assertThat(s.error().name()).isEqualTo("CUDA_ERROR_NO_DEVICE");
        assertThat(s.error().code()).isEqualTo(100);
        assertThat(r.validation().brokenLayer()).isEqualTo(Step.DRIVER_API.layer());
        Finding f = finding(r, ValidationFindings.STEP_FAILED);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.explanation()).contains("no CUDA device is visible");
        assertThat(f.fixes().get(0).summary()).contains("--gpus all");
    }

    /** A driver older than CUDA 11.0: its JIT refuses PTX ISA 7.0 (CUDA_ERROR_UNSUPPORTED_PTX_VERSION, 222). */
    @Test
    void aDriverOlderThanThePtxFailsStepTwo() throws Exception {
        ValidationReport r = stack.run("driver-cuda-10.2", stack.all());
        assertThat(outcomes(r).subList(0, 3)).containsExactly(Outcome.PASSED, Outcome.FAILED, Outcome.NOT_RUN);
        StepResult s = r.validation().step(Step.PTX_JIT);
        assertThat(s.error().code()).isEqualTo(222);
        assertThat(s.error().message()).contains("Unsupported .version 7.0; current version is '6.5'");
        assertThat(codes(r)).containsExactly(ValidationFindings.UNSUPPORTED_PTX);
        assertThat(finding(r, ValidationFindings.UNSUPPORTED_PTX).title()).contains("older than CUDA 11.0");
    }

    /**
     * TensorRT's libraries without trtexec or Python bindings (what the fifteen packages of the install plan give):
     * steps 1-6 pass, step 7 has nothing to build with and says which packages would give it a way.
     */
    @Test
    void theLibraryWithoutEngineToolsLeavesStepSevenNotInstalled() throws Exception {
        ValidationReport r = stack.run("healthy-h100", stack.all());
        assertThat(outcomes(r).subList(0, 6)).containsOnly(Outcome.PASSED);
        StepResult s = r.validation().step(Step.TENSORRT_ENGINE);
        assertThat(s.result()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(s.summary()).startsWith("TensorRT 10.3.0 is installed but nothing here builds an engine: javacpp not bundled");
        assertThat(r.validation().outcome()).isEqualTo(Outcome.PASSED);
        assertThat(codes(r)).containsExactlyInAnyOrder(ValidationFindings.FP16_ERROR, ValidationFindings.NOT_INSTALLED);
        assertThat(finding(r, ValidationFindings.NOT_INSTALLED).fixes().get(0).summary()).contains("libnvinfer-bin");
        assertThat(ValidationSchemaTest.validate(r)).isEmpty();
    }

    /** A GPU that computes wrong (bad memory): the kernel runs, one result of 1048576 differs from Math.fma. */
    @Test
    void aWrongKernelResultFailsStepTwo() throws Exception {
        ValidationReport r = stack.run("kernel-wrong", stack.all());
        Check c = r.validation().step(Step.PTX_JIT).checks().get(0);
        assertThat(c.result()).isEqualTo(Outcome.FAILED);
        assertThat(c.mismatches()).isEqualTo(1);
        assertThat(codes(r)).containsExactly(ValidationFindings.WRONG_RESULT);
        assertThat(r.validation().step(Step.NVRTC).result()).isEqualTo(Outcome.NOT_RUN);
    }

    /**
     * A CUDA 13.0 toolkit on a driver of CUDA 12.8 (R570): NVRTC writes PTX ISA 9.0, which that driver's
     * JIT refuses. The hand-written PTX 7.0 of step 2 still passes: the layer named is the toolkit's.
     */
    @Test
    void aToolkitNewerThanTheDriverFailsStepThree() throws Exception {
        ValidationReport r = stack.run("driver-cuda-12.8", stack.all());
        assertThat(outcomes(r)).containsExactly(Outcome.PASSED, Outcome.PASSED, Outcome.FAILED, Outcome.NOT_RUN,
                Outcome.NOT_RUN, Outcome.NOT_RUN, Outcome.NOT_RUN);
        StepResult s = r.validation().step(Step.NVRTC);
        assertThat(s.error().name()).isEqualTo("CUDA_ERROR_UNSUPPORTED_PTX_VERSION");
        assertThat(s.error().message()).contains("Unsupported .version 9.0; current version is '8.7'");
        Finding f = finding(r, ValidationFindings.UNSUPPORTED_PTX);
        assertThat(f.title()).contains("NVRTC 13.0").contains("this driver (CUDA 12.8) refuses");
        assertThat(f.explanation()).contains("The toolkit is newer than the driver").contains("not run");
        assertThat(r.validation().brokenLayer()).isEqualTo(Step.NVRTC.layer());
    }

    /** A Tesla V100 (compute capability 7.0) with a CUDA 13 toolkit, which dropped Volta: NVRTC refuses compute_70. */
    @Test
    void aToolkitThatDroppedTheGpuFailsStepThree() throws Exception {
        ValidationReport r = stack.run("volta-v100", stack.all());
        StepResult s = r.validation().step(Step.NVRTC);
        assertThat(s.result()).isEqualTo(Outcome.FAILED);
        assertThat(s.error().call()).isEqualTo("nvrtcCompileProgram(--gpu-architecture=compute_70)");
        assertThat(s.error().name()).isEqualTo("NVRTC_ERROR_INVALID_OPTION");
        assertThat(s.error().message()).contains("invalid value for --gpu-architecture");
        Finding f = finding(r, ValidationFindings.STEP_FAILED);
        assertThat(f.fixes().get(0).summary()).contains("compute_70 (compute capability 7.0)");
    }

    /**
     * Two broken NVRTCs: one whose libnvrtc-builtins is missing from its folder (a partial install), one that
     * fails to compile (a broken release): both are checked, each failure in its own words.
     */
    @Test
    void brokenNvrtcsFailStepThreeEachInItsOwnWords() throws Exception {
        Path noBuiltins = FakeLadderLibraries.nvrtc(tmp, 13, 0, "9.0", "healthy", false);
        Path compileError = FakeLadderLibraries.nvrtc(tmp, 12, 8, "8.7", "compile-error", true);
        ValidationReport r = stack.run("healthy-h100", new CopyFinder.Given(List.of(noBuiltins.toString(),
                compileError.toString()), null, null, null));
        StepResult s = r.validation().step(Step.NVRTC);
        assertThat(s.checks()).extracting(Check::result).containsExactly(Outcome.FAILED, Outcome.FAILED);
        assertThat(s.checks().get(0).error().name()).isEqualTo("NVRTC_ERROR_BUILTIN_OPERATION_FAILURE");
        assertThat(s.checks().get(0).error().message()).contains("failed to open libnvrtc-builtins.so.13.0");
        assertThat(s.checks().get(1).name()).startsWith("NVRTC 12.8 ");
        assertThat(s.checks().get(1).error().name()).isEqualTo("NVRTC_ERROR_COMPILATION");
        assertThat(s.checks().get(1).error().message()).contains("1 error detected in the compilation");
        List<Finding> failed = r.findings().stream().filter(f -> f.code().equals(ValidationFindings.STEP_FAILED)).toList();
        assertThat(failed).hasSize(2);
        assertThat(failed.get(0).fixes().get(0).summary()).contains("builtins");
        assertThat(failed.get(1).fixes().get(0).summary()).contains("Reinstall this toolkit's NVRTC");
    }

    /** GPU memory that flips a bit: cuBLAS answers success with one entry of the FP32 GEMM wrong. */
    @Test
    void aWrongGemmFailsStepFour() throws Exception {
        Path wrong = FakeLadderLibraries.cublas(tmp, "wrong-result");
        ValidationReport r = stack.run("healthy-h100", new CopyFinder.Given(List.of(stack.nvrtc13.toString()),
                wrong.toString(), stack.cudnn.toString(), null));
        StepResult s = r.validation().step(Step.CUBLAS);
        assertThat(s.result()).isEqualTo(Outcome.FAILED);
        Check fp32 = s.checks().get(0);
        assertThat(fp32.result()).isEqualTo(Outcome.FAILED);
        assertThat(fp32.maxRelError()).isGreaterThan(fp32.tolerance());
        assertThat(fp32.tolerance()).isEqualTo(1e-4);
        assertThat(s.checks().get(1).result()).isEqualTo(Outcome.PASSED);
        assertThat(codes(r)).containsExactly(ValidationFindings.WRONG_RESULT);
        assertThat(finding(r, ValidationFindings.WRONG_RESULT).title()).startsWith("FP32 GEMM 512x512x512 gives wrong results");
        assertThat(r.validation().step(Step.CUDNN).result()).isEqualTo(Outcome.NOT_RUN);
    }

    /** A GPU that falls off the bus in the middle of a GEMM: the call never returns; the step times out, the run ends. */
    @Test
    void aHangingGemmTimesOutAndTheRunEnds() throws Exception {
        Path hangs = FakeLadderLibraries.cublas(tmp, "hang");
        long t0 = System.nanoTime();
        ValidationReport r = stack.run("healthy-h100", new CopyFinder.Given(List.of(), hangs.toString(), null, null),
                Duration.ofSeconds(8));
        double seconds = (System.nanoTime() - t0) / 1e9;
        StepResult s = r.validation().step(Step.CUBLAS);
        assertThat(s.result()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(s.summary()).contains("did not finish within 8 s (stuck in cublasSgemm_v2)");
        assertThat(r.validation().step(Step.CUDNN).result()).isEqualTo(Outcome.NOT_RUN);
        assertThat(finding(r, ValidationFindings.STEP_FAILED).title()).contains("did not finish");
        // Steps 1-3 and the hung step's own deadline, not more: nothing waits without a bound.
        assertThat(seconds).isLessThan(8 + 25);
    }

    /** cuDNN 9 with libcudnn_cnn.so.9 missing beside it: the convolution fails with SUBLIBRARY_LOADING_FAILED (1008). */
    @Test
    void aCudnnWithoutItsSubLibraryFailsStepFive() throws Exception {
        Path partial = FakeLadderLibraries.cudnn(tmp, "healthy", List.of("graph", "ops"));
        ValidationReport r = stack.run("healthy-h100", new CopyFinder.Given(List.of(), null, partial.toString(), null));
        StepResult s = r.validation().step(Step.CUDNN);
        assertThat(s.error().code()).isEqualTo(1008);
        assertThat(s.error().name()).isEqualTo("CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED");
        assertThat(s.libraries().get(0).path()).isEqualTo(partial.toString());
        assertThat(finding(r, ValidationFindings.STEP_FAILED).fixes().get(0).summary()).contains("one complete release");
    }

    /** A cuDNN that segfaults in the convolution: the child dies, step 5 is "crashed" with the signal, the report stands. */
    @Test
    void aCrashingCudnnCostsOnlyItsStep() throws Exception {
        Path crashes = FakeLadderLibraries.cudnn(tmp, "crash", List.of("cnn"));
        ValidationReport r = stack.run("healthy-h100", new CopyFinder.Given(List.of(), null, crashes.toString(),
                stack.tensorrt.toString()));
        StepResult s = r.validation().step(Step.CUDNN);
        assertThat(s.result()).isEqualTo(Outcome.CRASHED);
        assertThat(s.summary()).contains("died in cudnnConvolutionForward").contains("SIGSEGV in libcudnn.so.9");
        assertThat(s.error().name()).startsWith("SIGSEGV");
        assertThat(r.validation().step(Step.TENSORRT).result()).isEqualTo(Outcome.NOT_RUN);
        assertThat(finding(r, ValidationFindings.STEP_FAILED).title()).contains("crashed its process");
        assertThat(ValidationSchemaTest.validate(r)).isEmpty();
    }

    /**
     * A host with the driver and nothing else (no toolkit, cuBLAS, cuDNN or TensorRT): steps 1-2 pass, 3-6 have
     * nothing to test; each is information with the plan to install it for Ubuntu 24.04 and the driver's CUDA 13.
     */
    @Test
    void missingLibrariesAreNotInstalledWithTheirInstallPlans() throws Exception {
        ValidationReport r = stack.run("healthy-h100", CopyFinder.Given.none());
        assertThat(outcomes(r)).containsExactly(Outcome.PASSED, Outcome.PASSED, Outcome.NOT_INSTALLED,
                Outcome.NOT_INSTALLED, Outcome.NOT_INSTALLED, Outcome.NOT_INSTALLED, Outcome.NOT_INSTALLED);
        // Step 7 says why it had nothing to build with, and adds no second "not installed" for TensorRT.
        assertThat(r.validation().step(Step.TENSORRT_ENGINE).summary()).startsWith("TensorRT is not installed (step 6): "
                + "javacpp not bundled");
        assertThat(r.validation().outcome()).isEqualTo(Outcome.PASSED);
        assertThat(r.findings()).extracting(Finding::code).containsOnly(ValidationFindings.NOT_INSTALLED).hasSize(4);
        assertThat(r.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.INFO));
        Finding trt = r.findings().stream().filter(f -> f.area().equals("TensorRT")).findFirst().orElseThrow();
        assertThat(trt.fixes().get(0).summary()).startsWith("Install TensorRT ").contains("for CUDA 13 on Ubuntu 24.04");
        assertThat(trt.fixes().get(0).steps()).isNotEmpty();
        Finding toolkit = r.findings().stream().filter(f -> f.area().equals("NVRTC")).findFirst().orElseThrow();
        assertThat(toolkit.fixes().get(0).summary()).startsWith("Install CUDA Toolkit 13.0");
    }
}
