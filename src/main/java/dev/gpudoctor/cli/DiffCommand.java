package dev.gpudoctor.cli;

import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.ReportDiff;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Compare two hosts, each a saved report (check --format json) or a capture: driver, GPUs, toolkits, "
                + "library copies, frameworks, the copy each framework loads, and the findings (this version's rules).",
            "Exit 0 when they are the same, 1 when they differ."})
public final class DiffCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "A", description = "A JSON report or a bundle.")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "A JSON report or a bundle.")
    Path b;

    @Mixin
    MatrixOptions matrixOption;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default), json or markdown.")
    String format;

    private final Runtime rt;

    DiffCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json") && !format.equals("markdown")) {
            throw new UserError(ExitCode.USAGE, "--format must be text, json or markdown");
        }
        dev.gpudoctor.matrix.BundledMatrix.preload();
        var matrix = matrixOption.source();
        Report ra = SavedReports.load(a, matrix);
        Report rb = SavedReports.load(b, matrix);
        ReportDiff.Result d = ReportDiff.of(a.toString(), ra, b.toString(), rb);
        rt.out().print(switch (format) {
            case "json" -> Json.write(d) + "\n";
            case "markdown" -> ReportDiff.markdown(d);
            default -> ReportDiff.text(d);
        });
        rt.out().flush();
        return d.identical() ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }
}
