package dev.gpudoctor.cli;

import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.update.MatrixInUse;
import dev.gpudoctor.report.Json;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say which matrix checks use (installed by matrix update, or bundled), its version, where it came from "
                + "and how old it is.")
public final class MatrixStatusCommand implements Callable<Integer> {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    String format;

    @ParentCommand
    MatrixCommand parent;

    @Override
    public Integer call() {
        Runtime rt = parent.rt;
        boolean json = OutputFormats.textOrJson(format);
        MatrixInUse.Status s;
        try {
            s = MatrixInUse.status(rt.environment());
        } catch (MatrixException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "the bundled matrix cannot be read:\n" + e.getMessage(), e);
        }
        if (json) {
            rt.out().println(Json.write(s));
        } else {
            long days = ChronoUnit.DAYS.between(LocalDate.parse(s.matrixVersion()), LocalDate.now());
            rt.out().println("In use: " + s.kind() + " matrix " + s.matrixVersion() + " (" + days + " day(s) old), " + s.location()
                    + (s.url() == null ? "" : ", from " + s.url() + ", installed " + s.installedAt()));
            if (!s.kind().equals("bundled")) {
                rt.out().println("Bundled: matrix " + s.bundledVersion() + " (the fallback)");
            }
            if (s.fallbackWhy() != null) {
                rt.out().println("Not used: " + s.fallbackWhy());
            }
        }
        rt.out().flush();
        return ExitCode.OK.code();
    }
}
