package dev.gpudoctor.validate;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.report.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Drives the child through the ladder from the parent: waits for each step to start and then to end
 * within its deadline, kills the child when a step hangs, and turns a child that died into that
 * step's result. Never waits without a bound.
 */
final class LadderRunner {

    /** The steps as the parent sees them (1-6 from the child, 7 from the parent's own engine work). */
    interface Listener {
        void started(Step step);

        void calling(Step step, String call);

        void finished(StepResult result);
    }

    /** What came back. */
    record Run(GpuInfo gpu, List<StepResult> steps) {
    }

    /** A new JVM with JNA, picocli and Jackson loaded takes well under a second; a loaded machine may need more. */
    static final Duration START = Duration.ofSeconds(60);
    /** Between one step's end and the next one's start the child only reads the plan. */
    static final Duration BETWEEN = Duration.ofSeconds(15);

    private final ChildProcess child;
    private final Supplier<LadderPlan> plan;
    private final Function<Step, Duration> deadline;
    private final Listener listener;

    LadderRunner(ChildProcess child, Supplier<LadderPlan> plan, Function<Step, Duration> deadline, Listener listener) {
        this.child = child;
        this.plan = plan;
        this.deadline = deadline;
        this.listener = listener;
    }

    Run run() {
        List<StepResult> out = new ArrayList<>();
        GpuInfo gpu = null;
        boolean stopped = false;
        boolean planSent = false;
        LadderPlan chosen = null;
        for (Step step : Step.values()) {
            if (!step.inChild()) {
                continue;
            }
            if (stopped) {
                out.add(StepResult.notRun(step, "not run (a lower step failed)"));
                continue;
            }
            if (step.number() >= Step.NVRTC.number() && !planSent) {
                chosen = plan.get();
                child.send(oneLine(chosen));
                planSent = true;
            }
            Waited w = await(step, chosen);
            if (w.gpu != null) {
                gpu = w.gpu;
            }
            StepResult r = w.result.withDeadline(deadline.apply(step).toMillis());
            out.add(r);
            listener.finished(r);
            stopped = !r.result().letsLadderContinue();
        }
        return new Run(gpu, out);
    }

    static String oneLine(Object o) {
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(o);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private record Waited(StepResult result, GpuInfo gpu) {
    }

    /** Waits for the step's start, then for its result; a hang or an end of the child is the result. */
    private Waited await(Step step, LadderPlan chosen) {
        GpuInfo gpu = null;
        long startBy = System.nanoTime() + (step == Step.DRIVER_API ? START : BETWEEN).toNanos();
        Long started = null;
        String call = "starting";
        long doneBy = Long.MAX_VALUE;
        while (true) {
            ChildProcess.Event e = child.next(started == null ? startBy : doneBy);
            if (e == null) {
                child.kill();
                return new Waited(started == null ? notStarted(step, chosen) : timedOut(step, chosen, call), gpu);
            }
            if (e.ended()) {
                return new Waited(died(step, chosen, started == null ? null : e.at() - started, call), gpu);
            }
            ChildLine l = e.line();
            switch (l.event()) {
                case "gpu" -> gpu = l.gpu();
                case "start" -> {
                    if (l.step() != null && l.step() == step.number()) {
                        started = e.at();
                        doneBy = started + deadline.apply(step).toNanos();
                        listener.started(step);
                    }
                }
                case "call" -> {
                    if (started != null && l.step() != null && l.step() == step.number()) {
                        call = l.call();
                        listener.calling(step, call);
                    }
                }
                case "result" -> {
                    if (l.result() != null && l.result().number() == step.number()) {
                        return new Waited(l.result(), gpu);
                    }
                }
                default -> {
                    // An event this version does not know: ignore it.
                }
            }
        }
    }

    private StepResult timedOut(Step step, LadderPlan chosen, String call) {
        long ms = deadline.apply(step).toMillis();
        String summary = "did not finish within " + seconds(ms) + " (stuck in " + call + "); the process running it was killed";
        return StepResult.of(step, Outcome.TIMED_OUT, summary, (double) ms, libraries(step, chosen), List.of(),
                new NativeError(call, null, null, "no answer within " + ms + " ms"),
                List.of(Evidence.nativeCall(call, ms)));
    }

    private StepResult notStarted(Step step, LadderPlan chosen) {
        Duration d = step == Step.DRIVER_API ? START : BETWEEN;
        return StepResult.of(step, Outcome.TIMED_OUT, "the process for the GPU work did not start this step within "
                        + seconds(d.toMillis()) + "; it was killed", null, libraries(step, chosen), List.of(),
                new NativeError("start", null, null, tail()), List.of());
    }

    private StepResult died(Step step, LadderPlan chosen, Long nanos, String call) {
        Integer exit = child.exitCode(5000);
        String fatal = child.fatalError();
        String how = exit == null ? "its output ended" : "exit code " + exit + signal(exit);
        String summary = nanos == null
                ? "the process for the GPU work ended before this step started (" + how + ")"
                : "the process running it died in " + call + (fatal == null ? "" : ": " + fatal) + " (" + how + ")";
        return StepResult.of(step, Outcome.CRASHED, summary, nanos == null ? null : Math.round(nanos / 1e4) / 100.0,
                libraries(step, chosen), List.of(), new NativeError(call, exit, fatal, tail()),
                nanos == null ? List.of() : List.of(Evidence.nativeCall(call, nanos / 1e6)));
    }

    /** The copy a step was using, for results the child could not send itself. */
    private static List<LibraryUse> libraries(Step step, LadderPlan p) {
        if (step == Step.DRIVER_API || step == Step.PTX_JIT) {
            return List.of(new LibraryUse("libcuda", "libcuda.so.1", "dynamic linker search (LD_LIBRARY_PATH, ld.so.cache, "
                    + "default directories)", null, List.of()));
        }
        if (p == null) {
            return List.of();
        }
        List<LibraryUse> out = new ArrayList<>();
        switch (step) {
            case NVRTC -> p.nvrtc().forEach(c -> out.add(use("nvrtc", c)));
            case CUBLAS -> add(out, "cublas", p.cublas());
            case CUDNN -> add(out, "cudnn", p.cudnn());
            default -> add(out, "tensorrt", p.tensorrt());
        }
        return out;
    }

    private static void add(List<LibraryUse> out, String role, LadderPlan.Copy c) {
        if (c != null) {
            out.add(use(role, c));
        }
    }

    private static LibraryUse use(String role, LadderPlan.Copy c) {
        return new LibraryUse(role, c.path(), c.foundBy(), c.version(), List.of());
    }

    /** The last lines the child wrote besides the protocol (the JVM's fatal error summary, a library's complaint). */
    private String tail() {
        List<String> lines = child.outputTail().stream().filter(l -> !l.startsWith("#")).toList();
        List<String> out = new ArrayList<>(child.fatalLines());
        out.addAll(lines.subList(Math.max(0, lines.size() - 12), lines.size()));
        String s = String.join("\n", out).strip();
        return s.isEmpty() ? null : s;
    }

    static String signal(int exit) {
        if (exit <= 128) {
            return "";
        }
        int sig = exit - 128;
        String name = switch (sig) {
            case 4 -> "SIGILL";
            case 6 -> "SIGABRT";
            case 7 -> "SIGBUS";
            case 9 -> "SIGKILL";
            case 11 -> "SIGSEGV";
            case 15 -> "SIGTERM";
            default -> "signal " + sig;
        };
        return ", " + name;
    }

    static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }
}
