package dev.gpudoctor.cli;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.report.FleetSummary;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "summarize", mixinStandardHelpOptions = true,
        description = "One table over many saved reports (check --format json), files or folders of them: host, GPUs, "
                + "driver, CUDA, cuDNN, TensorRT, frameworks, worst finding; the groups of identical stacks; how many hosts "
                + "have each finding code.")
public final class SummarizeCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR|FILE", arity = "1..*", description = "JSON reports, or folders searched for *.json.")
    List<Path> inputs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default), json or csv.")
    String format;

    private final Runtime rt;

    SummarizeCommand(Runtime rt) {
        this.rt = rt;
    }

    private record Read(FleetSummary.Row row, List<Finding> findings) {
    }

    @Override
    public Integer call() {
        if (!List.of("text", "json", "csv").contains(format)) {
            throw new UserError(ExitCode.USAGE, "--format must be text, json or csv");
        }
        List<ReportInputs.Input> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                files.addAll(ReportInputs.search(in, false));
            } else if (Files.isRegularFile(in)) {
                files.add(new ReportInputs.Input(in, null));
            } else {
                throw new UserError(ExitCode.COULD_NOT_RUN, "no such file or folder: " + in);
            }
        }
        // Reports are independent: read them on every core (10,000 reports are a few hundred MB of JSON).
        List<Read> read = new ArrayList<>(files.size());
        ReportInputs.inParallel(files, SummarizeCommand::read, read::add);
        FleetSummary.Result r = FleetSummary.of(read.stream().map(Read::row).toList(), read.stream().map(Read::findings).toList());
        rt.out().print(switch (format) {
            case "json" -> Json.write(r) + "\n";
            case "csv" -> FleetSummary.csv(r);
            default -> FleetSummary.text(r);
        });
        rt.out().flush();
        return r.unreadable() > 0 ? ExitCode.PROBLEMS.code() : ExitCode.OK.code();
    }

    private static Read read(ReportInputs.Input in) {
        String file = in.path().toString();
        if (in.error() != null) {
            return new Read(FleetSummary.unreadable(file, in.error()), List.of());
        }
        try {
            Report r = SavedReports.read(in.path(), FleetSummary.reader());
            return new Read(FleetSummary.row(file, r), r.findings());
        } catch (UserError e) {
            return new Read(FleetSummary.unreadable(file, firstLine(e.getMessage())), List.of());
        } catch (RuntimeException e) {
            return new Read(FleetSummary.unreadable(file, firstLine(String.valueOf(e))), List.of());
        }
    }

    private static String firstLine(String m) {
        return m.lines().findFirst().orElse(m);
    }
}
