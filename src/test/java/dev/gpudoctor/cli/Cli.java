package dev.gpudoctor.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the real command line through CommandLine.execute() with captured writers. */
final class Cli {

    record Run(int exit, String out, String err) {
    }

    static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Runtime rt = new Runtime(env, new PrintWriter(out, true), new PrintWriter(err, true), false);
        // As main() does: only the named command is built.
        int code = GpuDoctor.commandLine(rt, java.util.List.of(), args.length > 0 ? args[0] : null).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(Map.of("PATH", "/usr/bin:/bin"), args);
    }

    private Cli() {
    }
}
