package dev.gpudoctor.probe;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/** How one probe went: completed, or did not complete (it threw, or ran past its deadline). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProbeRun(String probe, Outcome outcome, double elapsedMs, String why) {

    /** A saved report without them is refused when read: the diagnosis reports incomplete probes by them. */
    public ProbeRun {
        if (probe == null || outcome == null) {
            throw new IllegalArgumentException("a probe run needs its probe and outcome");
        }
    }

    public enum Outcome {
        COMPLETED("completed"),
        CRASHED("crashed"),
        TIMED_OUT("timed-out");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }
    }
}
