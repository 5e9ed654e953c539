package dev.gpudoctor.cli;

import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.util.Map;

/**
 * What a command may use of the process it runs in, injected so that tests run the real CLI
 * through {@code CommandLine.execute()} with their own environment, writers and answers.
 *
 * @param environment the process environment (the live host's environment)
 * @param terminal    whether stdout is a terminal (colours)
 * @param in          where answers to prompts are read
 * @param interactive whether a person can answer a prompt (stdin and stdout are a terminal)
 */
public record Runtime(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean terminal,
                      BufferedReader in, boolean interactive) {

    /** A runtime nobody can answer prompts in (scripts, pipelines, tests that do not ask). */
    public Runtime(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean terminal) {
        this(environment, out, err, terminal, new BufferedReader(new StringReader("")), false);
    }

    public boolean colour() {
        return terminal && !environment.containsKey("NO_COLOR");
    }
}
