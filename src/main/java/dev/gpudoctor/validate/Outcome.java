package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a step (or one check in it) ended. */
public enum Outcome {
    PASSED("passed"),
    /** It ran and an API call failed, a library did not load, or a result was wrong. */
    FAILED("failed"),
    /** It did not finish within its deadline; the process running it was killed. */
    TIMED_OUT("timed-out"),
    /** The process running it died (a signal, the JVM's fatal error handler). */
    CRASHED("crashed"),
    /** What it needs is not on this machine: nothing is broken, there is nothing to test. */
    NOT_INSTALLED("not-installed"),
    /** A lower step failed, so this one was not tried. */
    NOT_RUN("not-run");

    private final String word;

    Outcome(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    /** Whether the ladder goes on above a step that ended so. */
    public boolean letsLadderContinue() {
        return this == PASSED || this == NOT_INSTALLED;
    }

    /** A failure of the layer: failed, timed out or crashed. */
    public boolean isFailure() {
        return this == FAILED || this == TIMED_OUT || this == CRASHED;
    }
}
