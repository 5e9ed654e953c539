package dev.gpudoctor.cli;

import dev.gpudoctor.report.BatchDiagnosis;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.Reports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "diagnose", mixinStandardHelpOptions = true,
        description = {"Diagnose again, offline, a report saved with 'check --format json' or a bundle written by "
                + "'capture': the saved facts are checked with this version's rules.",
            "Several inputs, or a folder (searched for *.json reports, *.tar.gz and *.tgz bundles and bundle folders), "
                + "are diagnosed in one run: a line per input and the totals (-v: each one's report too), or with "
                + "--format json one document (docs/diagnose.schema.json). An input that cannot be read is said in its "
                + "entry; the others are diagnosed all the same.",
            "Exit code: that of the worst input: 2 when one could not be read, else 1 when one has a problem, else 0."})
public final class DiagnoseCommand implements Callable<Integer> {

    @Parameters(paramLabel = "REPORT.json|BUNDLE|DIR", arity = "1..*",
            description = "JSON reports, bundles (folder or .tar.gz), or folders of them.")
    List<Path> inputs;

    @Mixin
    OutputOptions output;

    @Mixin
    MatrixOptions matrixOption;

    private final Runtime rt;

    DiagnoseCommand(Runtime rt) {
        this.rt = rt;
    }

    /** An input's entry and, with -v, its whole text report. */
    private record Done(BatchDiagnosis.Entry entry, String report) {
    }

    @Override
    public Integer call() {
        // The matrix loads while the first report is read: it is needed only when the facts are in.
        dev.gpudoctor.matrix.BundledMatrix.preload();
        if (inputs.size() == 1 && !isFolderOfReports(inputs.get(0))) {
            // One report or bundle prints its report, as diagnose always has: scripts read it.
            Report report = SavedReports.load(inputs.get(0), matrixOption.source());
            rt.out().print(output.render(report, rt));
            rt.out().flush();
            return CheckCommand.exitCodeOf(report).code();
        }
        return many();
    }

    private static boolean isFolderOfReports(Path p) {
        return Files.isDirectory(p) && !ReportInputs.isBundleFolder(p);
    }

    private int many() {
        boolean json = output.format == OutputOptions.Format.json;
        if (!json && output.format != OutputOptions.Format.text) {
            throw new UserError(ExitCode.USAGE, "--format " + output.format + " prints one report: give one REPORT.json or "
                    + "BUNDLE, or use text or json for several");
        }
        List<ReportInputs.Input> found = new ArrayList<>();
        for (Path in : inputs) {
            if (isFolderOfReports(in)) {
                found.addAll(ReportInputs.search(in, true));
            } else {
                // Read like a single input: one that is not there says so in its entry.
                found.add(new ReportInputs.Input(in, null));
            }
        }
        if (found.isEmpty()) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "no saved report (*.json) or bundle (*.tar.gz, *.tgz, a folder with "
                    + "bundle.yaml) in " + String.join(", ", inputs.stream().map(Path::toString).toList()));
        }
        dev.gpudoctor.matrix.MatrixSource matrix = matrixOption.source();
        Supplier<Reports.Diagnosis> rules = once(() -> Reports.Diagnosis.of(matrix));
        // One redactor for the whole output: a value gets the same stand-in in every report.
        dev.gpudoctor.redact.Redactor redactor = output.redacts() ? new dev.gpudoctor.redact.Redactor() : null;
        BatchDiagnosis.Tally tally = new BatchDiagnosis.Tally();
        List<BatchDiagnosis.Entry> entries = new ArrayList<>();
        ReportInputs.inParallel(found, in -> diagnose(in, rules), done -> {
            tally.add(done.entry());
            if (json) {
                entries.add(done.entry());
            } else {
                // Printed as each is done: a fleet's lines come while the rest are read, and are not all held.
                String text = BatchDiagnosis.line(done.entry(), rt.colour()) + (done.report() == null ? "" : done.report() + "\n");
                rt.out().print(redactor == null ? text : redactor.redact(text));
            }
        });
        String end = json ? Json.write(tally.result(BuildInfo.version(), entries)) + "\n" : tally.text();
        rt.out().print(redactor == null ? end : redactor.redact(end));
        rt.out().flush();
        return tally.exitCode();
    }

    /** Runs on a reader thread: every failure becomes the input's entry, never the end of the run. */
    private Done diagnose(ReportInputs.Input in, Supplier<Reports.Diagnosis> rules) {
        String name = in.path().toString();
        if (in.error() != null) {
            return new Done(BatchDiagnosis.Entry.failed(name, ExitCode.COULD_NOT_RUN.code(), in.error()), null);
        }
        try {
            Report r = SavedReports.load(in.path(), rules);
            String report = output.verbose && output.format == OutputOptions.Format.text ? output.renderPlain(r, rt) : null;
            return new Done(BatchDiagnosis.Entry.diagnosed(name, CheckCommand.exitCodeOf(r).code(), r), report);
        } catch (UserError e) {
            return new Done(BatchDiagnosis.Entry.failed(name, ExitCode.COULD_NOT_RUN.code(), e.getMessage()), null);
        } catch (RuntimeException | StackOverflowError e) {
            // A bug met by one report is said in its entry (it would be the whole run's internal error alone).
            return new Done(BatchDiagnosis.Entry.failed(name, ExitCode.COULD_NOT_RUN.code(), "internal error: " + e), null);
        }
    }

    /** The rules are built by the first report that needs them, once: the matrix is loading until then. */
    private static <T> Supplier<T> once(Supplier<T> make) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = make.get();
                }
                return value;
            }
        };
    }
}
