package dev.gpudoctor.validate.child;

import dev.gpudoctor.report.Json;
import dev.gpudoctor.validate.ChildLine;
import dev.gpudoctor.validate.GpuInfo;
import dev.gpudoctor.validate.LadderPlan;
import dev.gpudoctor.validate.Outcome;
import dev.gpudoctor.validate.Step;
import dev.gpudoctor.validate.StepResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The process that runs the ladder's GPU work (validate's hidden entry point): a crash or a hang in a
 * driver or library costs this process, and the parent reports it as that step's result.
 *
 * Steps 1 and 2 need only libcuda and start at once; the copies for steps 3 to 6 come on stdin as one
 * JSON line (a {@link LadderPlan}) when the parent has found them, which it does while steps 1 and 2
 * run. All native calls happen on this one thread: a CUDA context is current per thread. The ladder
 * stops at the first step that does not pass (a missing library does not stop it).
 */
public final class LadderChild {

    private LadderChild() {
    }

    /** args: the CUDA device ordinal. */
    public static void main(String[] args) {
        PrintStream stdout = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        Protocol out = new Protocol(stdout);
        Protocol.warmUp();
        int ordinal = args.length > 0 ? Integer.parseInt(args[0]) : 0;

        StepLog first = new StepLog(Step.DRIVER_API, out);
        DriverSteps.Started started;
        try {
            started = DriverSteps.driverApi(first, ordinal);
        } catch (RuntimeException e) {
            started = new DriverSteps.Started(internal(first, e), null, null);
        }
        if (started.info() != null) {
            out.send(ChildLine.gpu(started.info()));
        }
        if (!finish(out, started.result())) {
            return;
        }
        Gpu gpu = started.gpu();
        GpuInfo info = started.info();
        // The CPU references of steps 4 and 5 start computing now, on the other cores, beside steps 2 and 3.
        Work work = new Work();
        if (!finish(out, guarded(Step.PTX_JIT, out, log -> DriverSteps.ptxJit(log, gpu, info)))) {
            return;
        }
        LadderPlan plan = readPlan();
        if (plan == null) {
            // The parent closed our stdin: it gave up on this run (a deadline), nothing is waiting for more.
            return;
        }
        if (!finish(out, guarded(Step.NVRTC, out, log -> NvrtcStep.run(log, gpu, info, plan.nvrtc())))) {
            return;
        }
        if (!finish(out, guarded(Step.CUBLAS, out, log -> CublasStep.run(log, gpu, plan.cublas(), work)))) {
            return;
        }
        if (!finish(out, guarded(Step.CUDNN, out, log -> CudnnStep.run(log, gpu, plan.cudnn(), work)))) {
            return;
        }
        finish(out, guarded(Step.TENSORRT, out, log -> TensorrtStep.run(log, plan.tensorrt())));
    }

    /**
     * Runs a step; a Java exception in gpu-doctor's own code (a bug, not the library's fault) ends the
     * step as failed with the exception's words rather than killing the process without a result.
     */
    private static StepResult guarded(Step step, Protocol out, java.util.function.Function<StepLog, StepResult> body) {
        StepLog log = new StepLog(step, out);
        try {
            return body.apply(log);
        } catch (RuntimeException e) {
            return internal(log, e);
        }
    }

    private static StepResult internal(StepLog log, RuntimeException e) {
        return log.result(Outcome.FAILED, "gpu-doctor failed in this step: " + e, java.util.List.of(), java.util.List.of(),
                new dev.gpudoctor.validate.NativeError("gpu-doctor", null, null, e.toString()));
    }

    /** Sends a step's result; whether the ladder goes on. */
    private static boolean finish(Protocol out, StepResult r) {
        out.send(ChildLine.result(r));
        return r.result().letsLadderContinue();
    }

    /** The plan the parent sends; null when stdin ends or does not hold one. */
    private static LadderPlan readPlan() {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line = in.readLine();
            return line == null || line.isBlank() ? null : Json.mapper().readValue(line, LadderPlan.class);
        } catch (IOException e) {
            return null;
        }
    }
}
