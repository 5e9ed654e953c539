package dev.gpudoctor.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * A proposed fix as data: what it does, the argv of each step (never a shell line), and what it
 * costs. The fixer applies these later; the report prints them.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Fix(String summary, List<List<String>> steps, boolean needsRoot, boolean needsReboot, Risk risk,
                  String documentation) {

    public enum Risk {
        SAFE("safe"),
        CHANGES_PACKAGES("changes-packages"),
        CHANGES_KERNEL("changes-kernel");

        private final String word;

        Risk(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }
    }

    public Fix {
        steps = steps == null ? List.of() : steps.stream().map(List::copyOf).toList();
    }

    /** A fix that is advice only: no command can do it for the user. */
    public static Fix advice(String summary, String documentation) {
        return new Fix(summary, List.of(), false, false, Risk.SAFE, documentation);
    }
}
