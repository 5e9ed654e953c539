package dev.gpudoctor.cli;

import dev.gpudoctor.matrix.FileSummary;
import dev.gpudoctor.matrix.Matrix;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check every matrix file against its JSON Schema (compat-matrix/schema/), that every source "
                + "is defined and that no fact is written twice; print one line per file.",
            "Exit 0 when valid, 2 with each problem's file, line and field otherwise."})
public final class MatrixValidateCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions matrixOptions;

    @ParentCommand
    MatrixCommand parent;

    @Override
    public Integer call() {
        Matrix m = matrixOptions.load();
        var out = parent.rt.out();
        out.println("Matrix " + m.matrixVersion() + " (schemaVersion " + m.schemaVersion() + ", "
                + m.info().origin() + "): valid");
        for (FileSummary f : m.info().files()) {
            StringBuilder line = new StringBuilder(String.format("  %-20s %4d entries", f.subject().fileName(), f.entries()));
            f.sections().forEach((name, n) -> line.append(", ").append(n).append(' ').append(name));
            if (f.unconfirmed() > 0) {
                line.append(", ").append(f.unconfirmed()).append(" unconfirmed");
            }
            out.println(line);
        }
        out.flush();
        return ExitCode.OK.code();
    }
}
