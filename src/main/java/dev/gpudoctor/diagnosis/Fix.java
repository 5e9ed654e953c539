package dev.gpudoctor.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;

/**
 * A proposed fix as data: what it does, the files it writes, the argv of each step (never a shell
 * line), and what it costs. The fixer applies these (files first, then steps); the report prints them.
 *
 * @param writes files the fix writes before its steps run (a modprobe.d blacklist), because no
 *               argv can write a file's content without a shell
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Fix(String summary, List<FileWrite> writes, List<List<String>> steps, boolean needsRoot, boolean needsReboot,
                  Risk risk, String documentation) {

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

    /** A whole file's content, written atomically (a new file beside it, then renamed over it). */
    public record FileWrite(String path, String content) {
    }

    public Fix {
        writes = writes == null ? List.of() : List.copyOf(writes);
        steps = steps == null ? List.of() : steps.stream().map(List::copyOf).toList();
    }

    /** A fix that only runs commands. */
    public Fix(String summary, List<List<String>> steps, boolean needsRoot, boolean needsReboot, Risk risk, String documentation) {
        this(summary, List.of(), steps, needsRoot, needsReboot, risk, documentation);
    }

    /** A fix that is advice only: no command can do it for the user. */
    public static Fix advice(String summary, String documentation) {
        return new Fix(summary, List.of(), false, false, Risk.SAFE, documentation);
    }

    private static final java.util.regex.Pattern PLAIN = java.util.regex.Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    /**
     * An argv as a person would type it, quoted where a shell would split it. For reading only:
     * the fixer passes the argv itself, never this text.
     */
    public static String display(List<String> argv) {
        return String.join(" ", argv.stream().map(a -> PLAIN.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'").toList());
    }

    /** Whether the fixer can carry it out (it writes files or runs commands). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isRunnable() {
        return !writes.isEmpty() || !steps.isEmpty();
    }
}
