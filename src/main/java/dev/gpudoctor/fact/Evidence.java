package dev.gpudoctor.fact;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Where a fact was read, by what means and how long the reading took.
 *
 * @param via       the means: a file, a directory listing, a command, the environment, a native call
 *                  or a conclusion drawn from other facts
 * @param where     the path, the command line, the variable or the call
 * @param elapsedMs wall time of the reading, in milliseconds
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Evidence(Via via, String where, Double elapsedMs) {

    /** Every piece of evidence says how and where; a saved report without them is refused when read. */
    public Evidence {
        if (via == null || where == null) {
            throw new IllegalArgumentException("evidence needs its via and where");
        }
    }

    public enum Via {
        FILE("file"),
        DIRECTORY("directory"),
        LINK("link"),
        COMMAND("command"),
        ENVIRONMENT("environment"),
        NATIVE("native"),
        DERIVED("derived");

        private final String word;

        Via(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }
    }

    public static Evidence file(String path, double elapsedMs) {
        return new Evidence(Via.FILE, path, round(elapsedMs));
    }

    public static Evidence directory(String path, double elapsedMs) {
        return new Evidence(Via.DIRECTORY, path, round(elapsedMs));
    }

    public static Evidence link(String path, double elapsedMs) {
        return new Evidence(Via.LINK, path, round(elapsedMs));
    }

    public static Evidence command(String commandLine, double elapsedMs) {
        return new Evidence(Via.COMMAND, commandLine, round(elapsedMs));
    }

    public static Evidence environment(String variable) {
        return new Evidence(Via.ENVIRONMENT, variable, null);
    }

    public static Evidence nativeCall(String calls, double elapsedMs) {
        return new Evidence(Via.NATIVE, calls, round(elapsedMs));
    }

    public static Evidence derived(String how) {
        return new Evidence(Via.DERIVED, how, null);
    }

    private static Double round(double ms) {
        return Math.round(ms * 1000.0) / 1000.0;
    }

    @Override
    public String toString() {
        return via.word() + " " + where + (elapsedMs == null ? "" : " (" + elapsedMs + " ms)");
    }
}
