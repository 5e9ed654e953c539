package dev.gpudoctor.cli;

import dev.gpudoctor.report.Report;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = "Diagnose again, offline, a report saved with 'check --format json' or a bundle written by "
                + "'capture': the saved facts are checked with this version's rules.")
public final class DiagnoseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "REPORT.json|BUNDLE", description = "A JSON report, or a bundle (folder or .tar.gz).")
    Path input;

    @Mixin
    OutputOptions output;

    @Mixin
    MatrixOptions matrixOption;

    private final Runtime rt;

    DiagnoseCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        // The matrix loads while the probes run: it is needed only when the facts are in.
        dev.gpudoctor.matrix.BundledMatrix.preload();
        dev.gpudoctor.matrix.MatrixSource matrix = matrixOption.source();
        Report report = SavedReports.load(input, matrix);
        rt.out().print(output.render(report, rt));
        rt.out().flush();
        return CheckCommand.exitCodeOf(report).code();
    }
}
