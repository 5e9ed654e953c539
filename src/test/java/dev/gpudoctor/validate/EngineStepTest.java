package dev.gpudoctor.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.PythonWithOnnx;
import dev.gpudoctor.validate.engine.PlanSidecar;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step 7 through its real routes (the host's command runner starting trtexec or python3 under the
 * step's deadline) against fake TensorRT tools that compute the network for real with numpy and fail
 * the ways real TensorRT does ({@link FakeEngineTools}). Steps 1-6 are given as passed on an H100 with
 * TensorRT 10.3.0 (LadderTest drives the whole ladder). Each test names the real case it stands for.
 */
class EngineStepTest {

    static final GpuInfo H100 = new GpuInfo(0, "NVIDIA H100 80GB HBM3", "9.0", 85_000_000_000L, "13.0");
    static final GpuInfo L4 = new GpuInfo(0, "NVIDIA L4", "8.9", 23_000_000_000L, "13.0");

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsPython() {
        assumeTrue(PythonWithOnnx.find().isPresent(), PythonWithOnnx.NEEDED);
    }

    Run run(FakeEngineTools tools, GpuInfo gpu, EngineOptions options, Duration deadline) throws Exception {
        return Run.of(tmp, tools, gpu, options, deadline, Run.passed(true));
    }

    Run run(FakeEngineTools tools, GpuInfo gpu, EngineOptions options, Duration deadline, List<StepResult> before)
            throws Exception {
        return Run.of(tmp, tools, gpu, options, deadline, before);
    }

    static EngineOptions build() {
        return EngineOptions.defaults();
    }

    // --------------------------------------------------------------------------------------------- trtexec

    /**
     * A healthy H100 with TensorRT 10.3 and trtexec on PATH: three plans built, saved with their sidecars,
     * reloaded from the file by a second trtexec, run on the fixed batch; FP32 agrees with the CPU to the six
     * digits trtexec exports, FP16 costs about 1e-3, INT8 agrees with its quantized network and costs about
     * a percent against the float one.
     */
    @Test
    void trtexecBuildsReloadsAndChecksEachPrecision() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).trtexec();
        Path keep = tmp.resolve("kept");
        Run r = run(tools, H100, new EngineOptions(keep, "none", false, null), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).as(r.step().summary()).isEqualTo(Outcome.PASSED);
        assertThat(r.step().summary()).startsWith("TensorRT 10.3.0 via trtexec: FP32 max abs error ");
        assertThat(r.engine().route()).isEqualTo("trtexec");
        assertThat(r.engine().tool()).isEqualTo(tools.bin().resolve("trtexec").toString());
        assertThat(r.engine().routes()).extracting(EngineReport.RouteConsidered::name).containsExactly("javacpp", "trtexec",
                "python");
        assertThat(r.engine().routes().get(0).why()).startsWith("not bundled: ").contains("this host's TensorRT is 10.3.0 "
                + "(the preset needs libnvinfer.so.11)");
        assertThat(r.engine().routes().get(2).why()).isEqualTo("not tried: trtexec comes first");
        EngineReport.PrecisionResult fp32 = r.precision("fp32");
        EngineReport.PrecisionResult fp16 = r.precision("fp16");
        EngineReport.PrecisionResult int8 = r.precision("int8");
        assertThat(List.of(fp32, fp16, int8)).allSatisfy(p -> {
            assertThat(p.result()).isEqualTo(Outcome.PASSED);
            assertThat(p.buildMs()).isPositive();
            assertThat(p.latency().median()).isPositive();
            assertThat(p.throughputQps()).isPositive();
            assertThat(p.cosine()).isGreaterThan(0.999);
            assertThat(Path.of(p.plan())).exists().startsWith(keep);
        });
        // Six significant digits of outputs of order one.
        assertThat(fp32.maxAbsError()).isLessThan(5e-6);
        assertThat(fp16.maxAbsError()).isBetween(1e-5, 2e-2);
        assertThat(int8.maxAbsError()).isLessThan(5e-6);
        assertThat(int8.maxAbsErrorVsFp32()).isBetween(1e-3, 1e-1);
        // The commands: a build with the precision's flags, then a run of the saved plan on the fixed input.
        List<List<String>> argv = tools.trtexecRuns();
        assertThat(argv).hasSize(6);
        assertThat(argv.get(0)).contains("--onnx=" + keep.resolve("smallcnn.onnx"), "--saveEngine=" + keep.resolve(
                "smallcnn-fp32.plan"), "--noTF32", "--skipInference");
        assertThat(argv.get(1)).contains("--loadEngine=" + keep.resolve("smallcnn-fp32.plan"), "--loadInputs=input:"
                + keep.resolve("input.bin"), "--exportOutput=" + keep.resolve("fp32-output.json"));
        assertThat(argv.get(2)).contains("--fp16");
        assertThat(argv.get(4)).contains("--int8", "--onnx=" + keep.resolve("smallcnn-int8.onnx"));
        // The sidecar names the host, the route and the flags, and belongs to its plan.
        PlanSidecar s = Json.mapper().readValue(keep.resolve("smallcnn-fp16.plan.json").toFile(), PlanSidecar.class);
        assertThat(s.network()).isEqualTo("gpu-doctor-smallcnn-v1");
        assertThat(s.precision()).isEqualTo("fp16");
        assertThat(s.route()).isEqualTo("trtexec");
        assertThat(s.tensorrtVersion()).isEqualTo("10.3.0");
        assertThat(s.gpu()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(s.computeCapability()).isEqualTo("9.0");
        assertThat(s.hardwareCompatibility()).isEqualTo("none");
        assertThat(s.versionCompatible()).isFalse();
        assertThat(s.buildFlags()).containsExactly("--fp16");
        assertThat(s.libnvinfer()).isEqualTo("/opt/fake-trt/lib/libnvinfer.so.10");
        assertThat(s.inputs()).extracting(PlanSidecar.TensorInfo::shape).containsExactly(List.of(4L, 3L, 16L, 16L));
        assertThat(s.planSha256()).hasSize(64);
        // Information, no error.
        assertThat(r.codes()).containsExactly(ValidationFindings.ENGINE_PRECISION);
        Finding f = r.finding(ValidationFindings.ENGINE_PRECISION);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.title()).startsWith("TensorRT engines on NVIDIA H100 80GB HBM3: FP32 max abs error ")
                .contains(", FP16 max abs error ", ", INT8 max abs error ", " against FP32)");
    }

    /**
     * AUTOMATIC1111/stable-diffusion-webui-tensorrt#54's failure: the ONNX parser refuses the model, trtexec
     * prints its ERROR lines and FAILED. Every precision fails the same way; the finding quotes the parser.
     */
    @Test
    void anOnnxParserThatRefusesTheModelFailsTheStep() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).trtexec().set("FAKE_TRTEXEC_MODE", "parse-error");
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.step().summary()).contains("FP32 build failed: ModelImporter.cpp:732: ERROR:");
        assertThat(r.precision("fp16").error().name()).isEqualTo("ONNX_PARSE");
        assertThat(r.codes()).containsOnly(ValidationFindings.ENGINE_FAILED);
        Finding f = r.findings().get(0);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.title()).isEqualTo("TensorRT cannot build the FP32 test engine (trtexec)");
        assertThat(f.explanation()).contains("ONNX parser refuses");
        assertThat(f.fixes().get(0).summary()).contains("libnvonnxparsers");
        assertThat(String.join("\n", f.evidence())).contains("&&&& FAILED TensorRT.trtexec [TensorRT v100300]");
    }

    /** Only the INT8 build fails: the other precisions still report their numbers beside the error. */
    @Test
    void oneFailingPrecisionLeavesTheOthersReported() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).trtexec().set("FAKE_TRTEXEC_MODE", "parse-error-int8");
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.precision("fp32").result()).isEqualTo(Outcome.PASSED);
        assertThat(r.precision("int8").result()).isEqualTo(Outcome.FAILED);
        assertThat(r.codes()).containsExactlyInAnyOrder(ValidationFindings.ENGINE_FAILED, ValidationFindings.ENGINE_PRECISION);
    }

    /** A build that never returns (a GPU that fell off the bus): killed at the deadline, the step says so, on time. */
    @Test
    void aHangingBuildTimesOutWithinTheDeadline() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).trtexec().set("FAKE_TRTEXEC_MODE", "hang-build");
        long t0 = System.nanoTime();
        Run r = run(tools, H100, build(), Duration.ofSeconds(4));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(4 + 6);
        assertThat(r.step().result()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.precision("fp32").result()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.precision("int8").note()).isEqualTo("not run: the step's deadline passed");
        Finding f = r.finding(ValidationFindings.ENGINE_FAILED);
        assertThat(f.title()).isEqualTo("The TensorRT FP32 engine build did not finish (trtexec)");
        assertThat(f.fixes().get(0).summary()).contains("--step-timeout");
    }

    /** An FP16 kernel that computes wrong: the engine runs, one output is off by 1. */
    @Test
    void aWrongFp16EngineIsAWrongResult() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).trtexec().set("FAKE_TRTEXEC_MODE", "wrong-fp16");
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.precision("fp16").maxAbsError()).isGreaterThan(0.9);
        assertThat(r.step().summary()).contains("FP16 WRONG: max relative error");
        assertThat(r.codes()).containsExactlyInAnyOrder(ValidationFindings.WRONG_RESULT, ValidationFindings.ENGINE_PRECISION);
        assertThat(r.finding(ValidationFindings.WRONG_RESULT).title()).startsWith("FP16 engine (trtexec) gives wrong results "
                + "on NVIDIA H100 80GB HBM3");
    }

    /** An output file cut short (a full disk): the run's numbers cannot be read, which is said, not thrown. */
    @Test
    void anExportCutShortIsAClearFailure() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).trtexec().set("FAKE_TRTEXEC_MODE", "bad-export");
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.precision("fp32").result()).isEqualTo(Outcome.FAILED);
        assertThat(r.precision("fp32").error().message()).contains("fp32-output.json: no output tensor in the file");
        assertThat(r.codes()).containsOnly(ValidationFindings.ENGINE_FAILED);
    }

    /** A Tesla P100 (compute capability 6.0): no INT8 in TensorRT's support matrix, so INT8 is not tried. */
    @Test
    void aGpuWithoutInt8SkipsIt() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).trtexec().set("FAKE_GPU_COMPUTE", "6.0");
        Run r = run(tools, new GpuInfo(0, "Tesla P100-PCIE-16GB", "6.0", 17_000_000_000L, "12.2"), build(),
                Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).isEqualTo(Outcome.PASSED);
        assertThat(r.precision("int8").result()).isEqualTo(Outcome.NOT_RUN);
        assertThat(r.precision("int8").note()).contains("compute capability 6.0 has no INT8");
        assertThat(tools.trtexecRuns()).hasSize(4);
    }

    /**
     * TensorRT's libraries installed without trtexec or Python bindings (the fifteen packages of the matrix's
     * install plan hold neither): step 7 has nothing to run with, says why for each route, and the finding
     * names the packages that would give it one.
     */
    @Test
    void noRouteIsNotInstalledWithTheReasons() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools"));
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(r.step().summary()).startsWith("TensorRT 10.3.0 is installed but nothing here builds an engine: javacpp "
                + "not bundled: ").contains("trtexec not found on PATH (" + tools.bin() + ") nor in /usr/src/tensorrt/bin, "
                + "/opt/tensorrt/bin").contains("python no python3 on PATH");
        Finding f = r.finding(ValidationFindings.NOT_INSTALLED);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.fixes().get(0).summary()).contains("libnvinfer-bin", "python3-libnvinfer");
    }

    /** No TensorRT at all (the real H100 of docs/gpu-runs): step 7 adds no second "not installed" to step 6's. */
    @Test
    void noTensorrtAtAllLeavesTheInstallPlanToStepSix() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools"));
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline(), Run.passed(false));
        assertThat(r.step().result()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(r.step().summary()).startsWith("TensorRT is not installed (step 6): ");
        // One finding: step 6's, with the install plan.
        assertThat(r.findings()).extracting(Finding::title).containsExactly(
                "TensorRT is not installed: validation step 6 had nothing to test");
    }

    // --------------------------------------------------------------------------------------------- Python

    /**
     * A pip install of tensorrt in an environment without trtexec: the Python route builds and runs, with
     * device memory through ctypes on libcudart.so.13.
     */
    @Test
    void thePythonModuleBuildsReloadsAndChecksEachPrecision() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).python(true);
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).as(r.step().summary()).isEqualTo(Outcome.PASSED);
        assertThat(r.engine().route()).isEqualTo("python");
        assertThat(r.engine().routes().get(1).why()).startsWith("not found on PATH");
        assertThat(r.engine().routes().get(2).why()).isEqualTo("imports tensorrt 10.3.0.post1");
        assertThat(r.precision("fp32").maxAbsError()).isLessThan(1e-5);
        assertThat(r.precision("fp16").maxAbsError()).isBetween(1e-5, 2e-2);
        assertThat(r.precision("int8").maxAbsError()).isLessThan(1e-5);
        assertThat(r.precision("fp32").note()).isEqualTo("device memory: ctypes on libcudart.so.13");
        assertThat(r.precision("fp16").latency().median()).isPositive();
        assertThat(r.codes()).containsExactly(ValidationFindings.ENGINE_PRECISION);
    }

    /** The module's parser refuses the model: its error comes back in the JSON answer and is classified. */
    @Test
    void thePythonRoutesParserErrorIsClassified() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).python(true).set("FAKE_TENSORRT_MODE", "parse-error");
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.precision("fp32").error().name()).isEqualTo("ONNX_PARSE");
        assertThat(r.precision("fp32").error().message()).startsWith("ONNX parser: ModelImporter.cpp:732");
    }

    /** A CUDA runtime whose driver is missing: cudaMalloc fails, in the runtime's own words. */
    @Test
    void thePythonRoutesDeviceMemoryFailureIsSaid() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).python(false);
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.precision("fp32").error().message()).contains("cudaMalloc returned 35 (CUDA driver version is insufficient "
                + "for CUDA runtime version)");
    }

    /** A run that hangs in execute_async_v3: killed at the deadline. */
    @Test
    void aHangingPythonRunTimesOut() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).python(true).set("FAKE_TENSORRT_MODE", "hang-run");
        Run r = run(tools, H100, build(), Duration.ofSeconds(8));
        assertThat(r.step().result()).isEqualTo(Outcome.TIMED_OUT);
        assertThat(r.precision("fp32").result()).isEqualTo(Outcome.TIMED_OUT);
    }

    /** python3 without tensorrt: the route is not available, with Python's own reason. */
    @Test
    void aPythonWithoutTensorrtIsNoRoute() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("tools")).pythonWithoutTensorrt();
        Run r = run(tools, H100, build(), Step.TENSORRT_ENGINE.deadline());
        assertThat(r.step().result()).isEqualTo(Outcome.NOT_INSTALLED);
        assertThat(r.engine().routes().get(2).why()).contains("tensorrt is not importable (" + tools.bin().resolve("python3")
                + ": not importable: ModuleNotFoundError: No module named 'tensorrt')");
    }
}
