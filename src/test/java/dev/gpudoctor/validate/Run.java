package dev.gpudoctor.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Step 7 run on its own, after steps 1-6 given as they ended (passed on a GPU with TensorRT 10.3.0, or with
 * TensorRT not installed), with its findings; every report it gives is checked against validate.schema.json.
 */
record Run(Ladder ladder, List<Finding> findings) {

    StepResult step() {
        return ladder.step(Step.TENSORRT_ENGINE);
    }

    EngineReport engine() {
        return ladder.engine();
    }

    List<String> codes() {
        return findings.stream().map(Finding::code).toList();
    }

    Finding finding(String code) {
        return findings.stream().filter(f -> f.code().equals(code)).findFirst().orElseThrow(
                () -> new AssertionError("no " + code + " in " + codes()));
    }

    EngineReport.PrecisionResult precision(String p) {
        return engine().precisions().stream().filter(r -> r.precision().equals(p)).findFirst().orElseThrow();
    }

    static List<StepResult> passed(boolean tensorrtInstalled) {
        List<StepResult> out = new ArrayList<>();
        for (Step s : Step.values()) {
            if (s == Step.TENSORRT) {
                out.add(tensorrtInstalled
                        ? StepResult.of(s, Outcome.PASSED, "TensorRT 10.3.0 loads", 3.0, List.of(new LibraryUse("tensorrt",
                        "/opt/fake-trt/lib/libnvinfer.so.10", "--tensorrt", "10.3.0", List.of())), List.of(), null, List.of())
                        : StepResult.of(s, Outcome.NOT_INSTALLED, "TensorRT is not installed", 1.0, List.of(), List.of(), null,
                        List.of()));
            } else if (s.inChild()) {
                out.add(StepResult.of(s, Outcome.PASSED, "passed", 1.0, List.of(), List.of(), null, List.of()));
            }
        }
        return out;
    }

    /** Steps 1-6 with step 2 failed: the ladder stopped before TensorRT. */
    static List<StepResult> stoppedAtStepTwo() {
        List<StepResult> out = new ArrayList<>();
        for (Step s : Step.values()) {
            if (s.inChild()) {
                out.add(s == Step.PTX_JIT ? StepResult.of(s, Outcome.FAILED, "JIT failed", 1.0, List.of(), List.of(),
                        new NativeError("cuModuleLoadDataEx", 218, "CUDA_ERROR_INVALID_PTX", null), List.of())
                        : s.number() < 2 ? StepResult.of(s, Outcome.PASSED, "passed", 1.0, List.of(), List.of(), null, List.of())
                        : StepResult.notRun(s, "not run (a lower step failed)"));
            }
        }
        return out;
    }

    static Run of(Path tmp, FakeEngineTools tools, GpuInfo gpu, EngineOptions options, Duration deadline,
                  List<StepResult> before) throws Exception {
        Path scratch = Files.createTempDirectory(tmp, "scratch");
        EngineStep.Done d = new EngineStep(tools.host(), new Discovery(null, new CopyFinder.Found(null, null, null, null),
                List.of()), options, scratch, deadline, new LadderRunner.Listener() {
                    @Override
                    public void started(Step step) {
                    }

                    @Override
                    public void calling(Step step, String call) {
                    }

                    @Override
                    public void finished(StepResult result) {
                    }
                }).run(before, gpu);
        List<StepResult> steps = new ArrayList<>(before);
        steps.add(d.step());
        Ladder l = Ladder.of(gpu, steps, d.report());
        List<Finding> findings = new ValidationFindings(InstallPlans.of(MatrixSource.bundled().get(), null)).of(l);
        ValidationReport r = new ValidationReport(1, new Report.Tool("gpu-doctor", "test"), new Report.Examined("this machine",
                true, null), "2026-11-26T00:00:00Z", 1.0, findings, l);
        assertThat(ValidationSchemaTest.validate(r)).as("validate.schema.json").isEmpty();
        return new Run(l, findings);
    }
}
