package dev.gpudoctor.host;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import java.util.List;

/**
 * Everything a command run gives: how it ended, its exit code, both outputs and its time.
 * "Not installed", "exited 9 with this stderr" and "printed nothing" are different facts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(
        List<String> argv,
        Outcome outcome,
        Integer exitCode,
        String stdout,
        String stderr,
        double elapsedMs,
        String why) {

    public enum Outcome {
        /** It ran and exited by itself (with any exit code). */
        EXITED("exited"),
        /** It was killed after its timeout. */
        TIMED_OUT("timed-out"),
        /** The program is not on PATH (or the given path does not exist). */
        NOT_FOUND("not-found"),
        /** It exists but could not be started (permission, exec format, ...). */
        FAILED_TO_START("failed-to-start"),
        /** Not run at all: a mounted root, or a bundle that did not record it. */
        NOT_RUN("not-run");

        private final String word;

        Outcome(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }
    }

    /** How a fact that no command could answer begins: the host was not asked, so nothing is known. */
    public static final String NOT_RUN_PREFIX = "not run: ";

    public CommandResult {
        argv = List.copyOf(argv);
    }

    public static CommandResult exited(List<String> argv, int exit, String out, String err, double ms) {
        return new CommandResult(argv, Outcome.EXITED, exit, out, err, ms, null);
    }

    public static CommandResult timedOut(List<String> argv, String out, String err, double ms) {
        return new CommandResult(argv, Outcome.TIMED_OUT, null, out, err, ms,
                "timed out after " + Math.round(ms) + " ms");
    }

    public static CommandResult notFound(List<String> argv, String why) {
        return new CommandResult(argv, Outcome.NOT_FOUND, null, null, null, 0, why);
    }

    public static CommandResult failedToStart(List<String> argv, String why, double ms) {
        return new CommandResult(argv, Outcome.FAILED_TO_START, null, null, null, ms, why);
    }

    public static CommandResult notRun(List<String> argv, String why) {
        return new CommandResult(argv, Outcome.NOT_RUN, null, null, null, 0, why);
    }

    /** The command as people read it; a long or multi-line argument (an inline script) is shown by its size. */
    @JsonIgnore
    public String commandLine() {
        return String.join(" ", argv.stream()
                .map(a -> a.length() > 120 || a.contains("\n") ? "<" + a.length() + " characters>" : a).toList());
    }

    @JsonIgnore
    public boolean succeeded() {
        return outcome == Outcome.EXITED && exitCode != null && exitCode == 0;
    }

    @JsonIgnore
    public Evidence evidence() {
        return Evidence.command(commandLine(), elapsedMs);
    }

    /**
     * Standard output of a successful run as a fact; every other ending is a fact of its own kind:
     * absent when the program is missing or was not run, failed with the exit code and the first
     * line of stderr, or with the timeout.
     */
    public Fact<String> stdoutFact() {
        return switch (outcome) {
            case EXITED -> exitCode == 0
                    ? Fact.found(stdout == null ? "" : stdout, evidence())
                    : Fact.failed("exited " + exitCode + firstLine(stderr, stdout), evidence());
            case TIMED_OUT -> Fact.failed(why, evidence());
            case NOT_FOUND -> Fact.absent(why, evidence());
            case NOT_RUN -> Fact.absent(NOT_RUN_PREFIX + why, evidence());
            case FAILED_TO_START -> Fact.failed(why, evidence());
        };
    }

    private static String firstLine(String err, String out) {
        for (String s : new String[] {err, out}) {
            if (s != null && !s.isBlank()) {
                String line = s.strip().lines().findFirst().orElse("").strip();
                return ": " + (line.length() > 200 ? line.substring(0, 200) + "..." : line);
            }
        }
        return "";
    }
}
