package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Evidence;
import java.util.List;

/**
 * One rung of the ladder: what it proves, how it ended, in how long, with which library copies,
 * what it computed and compared, and the native calls behind it.
 *
 * @param summary    one line for people ("cuInit, NVIDIA H200 (compute capability 9.0), ...")
 * @param elapsedMs  wall time of the step inside the process that ran it
 * @param deadlineMs the deadline it ran under
 * @param error      the call that failed, where one did (the first failing check's, for NVRTC)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record StepResult(int number, String id, String title, String layer, Outcome result, String summary,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Double elapsedMs,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Long deadlineMs,
                         List<LibraryUse> libraries, List<Check> checks,
                         @JsonInclude(JsonInclude.Include.NON_NULL) NativeError error, List<Evidence> evidence) {

    public StepResult {
        libraries = libraries == null ? List.of() : List.copyOf(libraries);
        checks = checks == null ? List.of() : List.copyOf(checks);
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public static StepResult of(Step s, Outcome result, String summary, Double elapsedMs, List<LibraryUse> libraries,
                                List<Check> checks, NativeError error, List<Evidence> evidence) {
        return new StepResult(s.number(), s.id(), s.title(), s.layer(), result, summary, elapsedMs, null, libraries, checks,
                error, evidence);
    }

    /** A step that was not tried, with why. */
    public static StepResult notRun(Step s, String why) {
        return of(s, Outcome.NOT_RUN, why, null, List.of(), List.of(), null, List.of());
    }

    public Step step() {
        return Step.of(number);
    }

    /** The same result as the parent saw it: its deadline, and its elapsed time where the child gave none. */
    public StepResult withDeadline(long ms) {
        return new StepResult(number, id, title, layer, result, summary, elapsedMs, ms, libraries, checks, error, evidence);
    }
}
