package dev.gpudoctor.cli;

import dev.gpudoctor.report.Baseline;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "baseline", mixinStandardHelpOptions = true, subcommands = BaselineCommand.Save.class,
        description = "Record a known-good host's stack; 'check --baseline FILE' flags drift from it on other hosts.")
public final class BaselineCommand implements Callable<Integer> {

    final Runtime rt;

    BaselineCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        throw new UserError(ExitCode.USAGE, "baseline needs a subcommand: baseline save FILE");
    }

    @Command(name = "save", mixinStandardHelpOptions = true,
            description = "Examine this host (or --from a capture, --root a mounted system) and save its stack to FILE (JSON).")
    static final class Save implements Callable<Integer> {

        @Parameters(paramLabel = "FILE", description = "Where to write the baseline.")
        Path file;

        @Mixin
        HostOptions hostOptions;

        @picocli.CommandLine.ParentCommand
        BaselineCommand parent;

        @Override
        public Integer call() {
            Runtime rt = parent.rt;
            Report r;
            try (OpenHost open = hostOptions.open(rt)) {
                r = Reports.of(open.host(), hostOptions.examine(open, open.host()), open.capturedAt(), BuildInfo.version());
            }
            Baseline b = Baseline.of(r);
            try {
                Path abs = file.toAbsolutePath();
                Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName(), ".partial");
                Files.writeString(tmp, Json.write(b) + "\n");
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UserError(ExitCode.COULD_NOT_RUN, "cannot write " + file + ": " + e.getMessage(), e);
            }
            rt.out().println("Saved the stack of " + r.host().description() + " (" + b.stack().size() + " items) to " + file);
            rt.out().flush();
            return ExitCode.OK.code();
        }
    }

    /** Reads a baseline file; a broken one is "could not run" with the reason. */
    static Baseline read(Path file) {
        try {
            Baseline b = Json.mapper().readValue(file.toFile(), Baseline.class);
            if (b == null || !Baseline.FORMAT.equals(b.format())) {
                throw new UserError(ExitCode.COULD_NOT_RUN, file + " is not a gpu-doctor baseline (format " + (b == null ? null : b.format()) + ")");
            }
            return b;
        } catch (IOException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "cannot read the baseline " + file + ": " + String.valueOf(e.getMessage()).lines()
                    .findFirst().orElse(""), e);
        }
    }
}
