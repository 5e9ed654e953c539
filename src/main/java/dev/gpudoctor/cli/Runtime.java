package dev.gpudoctor.cli;

import java.io.PrintWriter;
import java.util.Map;

/**
 * What a command may use of the process it runs in, injected so that tests run the real CLI
 * through {@code CommandLine.execute()} with their own environment and writers.
 *
 * @param environment the process environment (the live host's environment)
 * @param terminal    whether stdout is a terminal (colours, prompts)
 */
public record Runtime(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean terminal) {

    public boolean colour() {
        return terminal && !environment.containsKey("NO_COLOR");
    }
}
