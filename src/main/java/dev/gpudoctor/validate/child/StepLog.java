package dev.gpudoctor.validate.child;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.validate.Check;
import dev.gpudoctor.validate.LibraryUse;
import dev.gpudoctor.validate.NativeError;
import dev.gpudoctor.validate.Outcome;
import dev.gpudoctor.validate.Step;
import dev.gpudoctor.validate.StepResult;
import java.util.ArrayList;
import java.util.List;

/**
 * One step as it runs in the child: says each native call before making it (so that the parent can
 * name the call a hang is stuck in), keeps the evidence and times the step.
 */
final class StepLog {

    private final Step step;
    private final Protocol out;
    private final long started = System.nanoTime();
    private final List<Evidence> evidence = new ArrayList<>();

    StepLog(Step step, Protocol out) {
        this.step = step;
        this.out = out;
        out.start(step);
    }

    Step step() {
        return step;
    }

    /** Announces the next native call. */
    void at(String call) {
        out.call(step, call);
    }

    /** Records calls made since {@code since} (System.nanoTime) as evidence. */
    void evidence(String calls, long since) {
        evidence.add(Evidence.nativeCall(calls, (System.nanoTime() - since) / 1e6));
    }

    void derived(String how) {
        evidence.add(Evidence.derived(how));
    }

    double elapsedMs() {
        return Math.round((System.nanoTime() - started) / 1e4) / 100.0;
    }

    StepResult result(Outcome result, String summary, List<LibraryUse> libraries, List<Check> checks, NativeError error) {
        return StepResult.of(step, result, summary, elapsedMs(), libraries, checks, error, evidence);
    }

    static double ms(long since) {
        return Math.round((System.nanoTime() - since) / 1e4) / 100.0;
    }
}
