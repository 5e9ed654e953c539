package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The whole ladder: each step's result, the GPU it ran on, and which layer is broken.
 *
 * @param outcome     passed (no step failed) or failed
 * @param failedStep  the number of the step that failed, where one did
 * @param brokenLayer that step's layer ("the driver's PTX JIT compiler")
 * @param gpuStepsMs  steps 1-5 together, as measured where they ran (the goal is 3 s)
 * @param engine      step 7's routes, engines and plan check, where it got that far
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Ladder(Outcome outcome, Integer failedStep, String brokenLayer, Double gpuStepsMs, GpuInfo gpu,
                     List<StepResult> steps, EngineReport engine) {

    public Ladder {
        steps = List.copyOf(steps);
    }

    public static Ladder of(GpuInfo gpu, List<StepResult> steps) {
        return of(gpu, steps, null);
    }

    public static Ladder of(GpuInfo gpu, List<StepResult> steps, EngineReport engine) {
        StepResult failed = steps.stream().filter(s -> s.result().isFailure()).findFirst().orElse(null);
        double ms = steps.stream().filter(s -> s.number() <= Step.CUDNN.number() && s.elapsedMs() != null)
                .mapToDouble(StepResult::elapsedMs).sum();
        // validate --engine: a plan that does not load here is the plan's fault, not a broken TensorRT.
        String layer = failed == null ? null : failed.step() == Step.TENSORRT_ENGINE && engine != null && engine.plan() != null
                ? "the plan " + engine.plan().path() + " (on this host)" : failed.layer();
        return new Ladder(failed == null ? Outcome.PASSED : Outcome.FAILED, failed == null ? null : failed.number(),
                layer, Math.round(ms * 10) / 10.0, gpu, steps, engine);
    }

    public StepResult step(Step s) {
        return steps.stream().filter(x -> x.number() == s.number()).findFirst().orElseThrow();
    }
}
