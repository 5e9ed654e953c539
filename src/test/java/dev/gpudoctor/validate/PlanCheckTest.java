package dev.gpudoctor.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.testing.PythonWithOnnx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * validate --engine PLAN: plans that gpu-doctor built (with the fake trtexec, which writes a real plan
 * header and refuses plans with TensorRT's own words) checked on the same host, on another GPU, with another
 * TensorRT, without TensorRT, and files that are no plan at all. Each test names the real case.
 */
class PlanCheckTest {

    @TempDir
    Path tmp;

    @BeforeAll
    static void needsPython() {
        assumeTrue(PythonWithOnnx.find().isPresent(), PythonWithOnnx.NEEDED);
    }

    /** Builds the three plans on an H100 with TensorRT 10.3 (optionally hardware- or version-compatible). */
    private Path built(String name, String hardware, boolean versionCompatible) throws Exception {
        Path keep = tmp.resolve(name);
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("build-" + name)).trtexec();
        Run r = Run.of(tmp, tools, EngineStepTest.H100, new EngineOptions(keep, hardware, versionCompatible, null),
                Step.TENSORRT_ENGINE.deadline(), Run.passed(true));
        assertThat(r.step().result()).as(r.step().summary()).isEqualTo(Outcome.PASSED);
        return keep;
    }

    private Run check(FakeEngineTools tools, GpuInfo gpu, Path plan) throws Exception {
        return Run.of(tmp, tools, gpu, new EngineOptions(null, "none", false, plan), Step.TENSORRT_ENGINE.deadline(),
                Run.passed(true));
    }

    /** The plan is loaded on the host that built it: it runs, and since it is gpu-doctor's network its numbers are checked. */
    @Test
    void aPlanLoadsOnTheHostThatBuiltIt() throws Exception {
        Path plan = built("same", "none", false).resolve("smallcnn-fp16.plan");
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("check")).trtexec();
        Run r = check(tools, EngineStepTest.H100, plan);
        assertThat(r.step().result()).as(r.step().summary()).isEqualTo(Outcome.PASSED);
        assertThat(r.step().summary()).startsWith(plan + " loads and runs with TensorRT 10.3.0 via trtexec, median latency ")
                .contains("max abs error");
        EngineReport.PlanReport p = r.engine().plan();
        assertThat(p.verdict()).isEqualTo("loads");
        assertThat(p.header().version()).isEqualTo("10.3.0.26");
        assertThat(p.sidecar().precision()).isEqualTo("fp16");
        assertThat(p.matches()).contains("built by TensorRT 10.3.0.26 (its header); this host has 10.3.0",
                "built on compute 9.0 (NVIDIA H100 80GB HBM3); this GPU is compute 9.0 (NVIDIA H100 80GB HBM3)");
        assertThat(p.run().maxAbsError()).isBetween(1e-6, 2e-2);
        assertThat(tools.trtexecRuns()).hasSize(1);
        assertThat(tools.trtexecRuns().get(0)).contains("--loadEngine=" + plan).anyMatch(a -> a.startsWith("--loadInputs=input:"));
        Finding f = r.finding(ValidationFindings.PLAN_LOADS);
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(r.codes()).containsExactly(ValidationFindings.PLAN_LOADS);
    }

    /**
     * QwenAudio/CosyVoice#1600: a plan built on one GPU loaded on another ("generated on an incompatible device,
     * expecting compute 8.9 got compute 9.0"). The sidecar predicted it; the fix is to rebuild here or build
     * hardware-compatible.
     */
    @Test
    void aPlanOfAnotherGpuDoesNotLoad() throws Exception {
        Path plan = built("gpu", "none", false).resolve("smallcnn-fp32.plan");
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("check")).trtexec().set("FAKE_GPU_COMPUTE", "8.9")
                .set("FAKE_GPU_NAME", "NVIDIA L4");
        Run r = check(tools, EngineStepTest.L4, plan);
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.step().summary()).isEqualTo(plan + " does not load here: it was built for another GPU (this one is "
                + "compute 8.9, the plan was built for compute 9.0); It was built on compute 9.0 (NVIDIA H100 80GB HBM3) "
                + "without hardware compatibility (level none); this GPU is compute 8.9 (NVIDIA L4), and TensorRT loads such "
                + "a plan only on the compute capability it was built for.");
        assertThat(r.engine().plan().verdict()).isEqualTo("does-not-load");
        assertThat(r.engine().plan().run().error().name()).isEqualTo("DEVICE_MISMATCH");
        assertThat(r.ladder().brokenLayer()).isEqualTo("the plan " + plan + " (on this host)");
        Finding f = r.finding(ValidationFindings.PLAN_INCOMPATIBLE);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.title()).isEqualTo("The plan " + plan + " does not load here");
        assertThat(f.fixes()).hasSize(1);
        assertThat(f.fixes().get(0).summary()).startsWith("Rebuild the plan on this GPU").contains("--hardwareCompatibilityLevel=ampere+");
    }

    /** The same move with a plan built hardware-compatible (ampere+): an H100 plan runs on an L4. */
    @Test
    void aHardwareCompatiblePlanLoadsOnAnotherAmpereOrLaterGpu() throws Exception {
        Path plan = built("ampere", "ampere+", false).resolve("smallcnn-fp32.plan");
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("check")).trtexec().set("FAKE_GPU_COMPUTE", "8.9");
        Run r = check(tools, EngineStepTest.L4, plan);
        assertThat(r.step().result()).as(r.step().summary()).isEqualTo(Outcome.PASSED);
        assertThat(r.engine().plan().sidecar().hardwareCompatibility()).isEqualTo("ampere+");
        assertThat(r.engine().plan().matches()).contains("built hardware-compatible (ampere+) on compute 9.0 (NVIDIA H100 80GB "
                + "HBM3), which runs on this compute 8.9 (NVIDIA L4)");
        assertThat(tools.trtexecRuns()).isNotEmpty();
    }

    /**
     * yuvraj108c/ComfyUI-Upscaler-Tensorrt#34: a plan of another TensorRT release ("Version tag does not match");
     * the fix names the release that built it.
     */
    @Test
    void aPlanOfAnotherTensorrtDoesNotLoad() throws Exception {
        Path plan = built("version", "none", false).resolve("smallcnn-int8.plan");
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("check")).trtexec().set("FAKE_TRT_VERSION", "10.5.0.18");
        Run r = check(tools, EngineStepTest.H100, plan);
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.engine().tensorrtVersion()).isEqualTo("10.5.0");
        assertThat(r.engine().plan().run().error().name()).isEqualTo("VERSION_MISMATCH");
        assertThat(r.step().summary()).contains("it is of another TensorRT release (this one expects serialization version 235, "
                + "the plan has serialization version 233)").contains("It was built by TensorRT 10.3.0.26 (its header) and "
                + "this host has 10.5.0");
        Finding f = r.finding(ValidationFindings.PLAN_INCOMPATIBLE);
        assertThat(f.fixes().get(0).summary()).startsWith("Load it with the TensorRT release that built it (10.3.0.26) "
                + "(gpu-doctor plan --target tensorrt=10.3 gives the steps)").contains("--versionCompatible");
    }

    /** Built version-compatible with 10.3 and loaded by 10.5: later releases load it. */
    @Test
    void aVersionCompatiblePlanLoadsOnALaterTensorrt() throws Exception {
        Path plan = built("vc", "none", true).resolve("smallcnn-fp32.plan");
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("check")).trtexec().set("FAKE_TRT_VERSION", "10.5.0.18");
        Run r = check(tools, EngineStepTest.H100, plan);
        assertThat(r.step().result()).as(r.step().summary()).isEqualTo(Outcome.PASSED);
        assertThat(r.engine().plan().matches()).contains("built version-compatible by TensorRT 10.3.0.26, which runs on the "
                + "later 10.5.0 of this host");
    }

    /**
     * The real H100 of docs/gpu-runs has no TensorRT: a plan brought to it will not load, and the fix is the
     * install plan (steps 1-6 as there: TensorRT not installed).
     */
    @Test
    void withoutTensorrtThePlanWillNotLoadAndTheFixIsToInstallIt() throws Exception {
        Path plan = built("none", "none", false).resolve("smallcnn-fp32.plan");
        Run r = Run.of(tmp, FakeEngineTools.in(tmp.resolve("bare")), EngineStepTest.H100, new EngineOptions(null, "none", false,
                plan), Step.TENSORRT_ENGINE.deadline(), Run.passed(false));
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.engine().plan().verdict()).isEqualTo("will-not-load");
        assertThat(r.engine().plan().reasons()).containsExactly("It needs TensorRT 10.3.0.26 (its header); this host has no "
                + "TensorRT.");
        Finding f = r.finding(ValidationFindings.PLAN_INCOMPATIBLE);
        assertThat(f.explanation()).contains("No route could try loading it");
        assertThat(f.fixes().get(0).summary()).startsWith("the operating system could not be read");
    }

    /** No route but TensorRT installed, and a plan of another release: the header alone predicts the failure. */
    @Test
    void withoutARouteTheHeaderStillPredicts() throws Exception {
        Path plan = built("predict", "none", false).resolve("smallcnn-fp32.plan");
        byte[] bytes = Files.readAllBytes(plan);
        bytes[25] = 2;
        Path other = Files.write(tmp.resolve("other-release.plan"), bytes);
        Run r = Run.of(tmp, FakeEngineTools.in(tmp.resolve("bare")), EngineStepTest.H100, new EngineOptions(null, "none", false,
                other), Step.TENSORRT_ENGINE.deadline(), Run.passed(true));
        assertThat(r.engine().plan().verdict()).isEqualTo("will-not-load");
        assertThat(r.engine().plan().reasons().get(0)).startsWith("It was built by TensorRT 10.2.0.26 (its header) and this "
                + "host has 10.3.0");
        assertThat(r.engine().plan().sidecarNote()).isEqualTo("no sidecar (other-release.plan.json): the GPU and the flags it "
                + "was built with are not known");
        assertThat(r.codes()).containsExactly(ValidationFindings.PLAN_INCOMPATIBLE);
    }

    /** A file that is not a plan (a zip), and one cut short: said from the header, before any TensorRT is asked. */
    @Test
    void filesThatAreNoPlanAreUnreadable() throws Exception {
        FakeEngineTools tools = FakeEngineTools.in(tmp.resolve("check")).trtexec();
        Path zip = Files.write(tmp.resolve("weights.plan"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
        Run r = check(tools, EngineStepTest.H100, zip);
        assertThat(r.step().result()).isEqualTo(Outcome.FAILED);
        assertThat(r.engine().plan().verdict()).isEqualTo("unreadable");
        assertThat(r.engine().plan().header().detail()).isEqualTo("starts with bytes 50 4b 03 04, not the plan tag \"ftrt\"");
        assertThat(r.codes()).containsExactly(ValidationFindings.PLAN_UNREADABLE);
        assertThat(tools.trtexecRuns()).isEmpty();
        Path plan = built("cut", "none", false).resolve("smallcnn-fp32.plan");
        Path cut = Files.write(tmp.resolve("cut.plan"), Arrays.copyOf(Files.readAllBytes(plan), 20));
        Run c = check(tools, EngineStepTest.H100, cut);
        assertThat(c.engine().plan().header().detail()).isEqualTo("20 bytes, fewer than the 28-byte header of a TensorRT plan "
                + "(it starts with the plan tag \"ftrt\": a plan cut short)");
        assertThat(c.codes()).containsExactly(ValidationFindings.PLAN_UNREADABLE);
    }

    /**
     * NVIDIA/TensorRT#3848: a broken file whose header is fine ("Size specified in header does not match archive
     * size"): TensorRT's verdict on the bytes makes it unreadable, not a compatibility question.
     */
    @Test
    void aPlanCutShortAfterItsHeaderIsUnreadableByTensorrtsWords() throws Exception {
        Path plan = built("trunc", "none", false).resolve("smallcnn-fp32.plan");
        byte[] bytes = Files.readAllBytes(plan);
        Path cut = Files.write(tmp.resolve("truncated.plan"), Arrays.copyOf(bytes, 200));
        Run r = check(FakeEngineTools.in(tmp.resolve("check")).trtexec(), EngineStepTest.H100, cut);
        assertThat(r.engine().plan().header().version()).isEqualTo("10.3.0.26");
        assertThat(r.engine().plan().run().error().name()).isEqualTo("TRUNCATED_PLAN");
        assertThat(r.engine().plan().verdict()).isEqualTo("unreadable");
        assertThat(r.codes()).containsExactly(ValidationFindings.PLAN_UNREADABLE);
    }

    /** A sidecar that belongs to another plan, and one that is not JSON: noted and ignored, never an exception. */
    @Test
    void aWrongOrDamagedSidecarIsNotedAndIgnored() throws Exception {
        Path dir = built("sidecars", "none", false);
        Path fp32 = dir.resolve("smallcnn-fp32.plan");
        Files.copy(dir.resolve("smallcnn-fp16.plan.json"), Path.of(fp32 + ".json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Run r = check(FakeEngineTools.in(tmp.resolve("check")).trtexec(), EngineStepTest.H100, fp32);
        assertThat(r.engine().plan().sidecar()).isNull();
        assertThat(r.engine().plan().sidecarNote()).startsWith("smallcnn-fp32.plan.json describes another file (its sha256 is ");
        // Without the sidecar the network is not known: the plan is run on trtexec's own inputs.
        assertThat(r.engine().plan().run().note()).startsWith("run on trtexec's own input");
        assertThat(r.step().result()).isEqualTo(Outcome.PASSED);
        Files.writeString(Path.of(fp32 + ".json"), "{\"format\": \"gpu-doctor-plan-1\", \"precision\": [");
        Run d = check(FakeEngineTools.in(tmp.resolve("check2")).trtexec(), EngineStepTest.H100, fp32);
        assertThat(d.engine().plan().sidecarNote()).startsWith("smallcnn-fp32.plan.json is not readable as a sidecar: ");
    }

    /** The ladder stopped at step 2: step 7 is not run, but a file that is no plan is still said. */
    @Test
    void aStoppedLadderStillReadsThePlansFile() throws Exception {
        Path junk = Files.writeString(tmp.resolve("notes.plan"), "these are not the weights you are looking for\n");
        Run r = Run.of(tmp, FakeEngineTools.in(tmp.resolve("bare")), EngineStepTest.H100, new EngineOptions(null, "none", false,
                junk), Step.TENSORRT_ENGINE.deadline(), Run.stoppedAtStepTwo());
        assertThat(r.step().result()).isEqualTo(Outcome.NOT_RUN);
        assertThat(r.step().summary()).isEqualTo("not run (a lower step failed); the plan's file was read: unreadable");
        assertThat(r.codes()).contains(ValidationFindings.PLAN_UNREADABLE);
        // A real plan is not judged without the TensorRT and the GPU the stopped steps would have found.
        Path plan = built("stopped", "none", false).resolve("smallcnn-fp32.plan");
        Run p = Run.of(tmp, FakeEngineTools.in(tmp.resolve("bare2")), EngineStepTest.H100, new EngineOptions(null, "none", false,
                plan), Step.TENSORRT_ENGINE.deadline(), Run.stoppedAtStepTwo());
        assertThat(p.engine().plan().verdict()).isEqualTo("unknown");
        assertThat(p.engine().plan().reasons()).isEmpty();
        assertThat(p.codes()).doesNotContain(ValidationFindings.PLAN_UNREADABLE, ValidationFindings.PLAN_INCOMPATIBLE);
    }
}
