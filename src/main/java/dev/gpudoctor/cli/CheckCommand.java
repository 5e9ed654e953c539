package dev.gpudoctor.cli;

import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.Reports;
import dev.gpudoctor.report.Summary;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Examine the NVIDIA stack of this machine (or a mounted root, or a captured bundle) "
                + "and report what was found, with where each fact was read.")
public final class CheckCommand implements Callable<Integer> {

    @Mixin
    HostOptions hostOptions;

    @Mixin
    OutputOptions output;

    private final Runtime rt;

    CheckCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        try (OpenHost open = hostOptions.open(rt)) {
            Examination.Result result = Examination.of(open.host(), hostOptions.pythons, hostOptions.deadline());
            Report report = Reports.of(open.host(), result, open.capturedAt(), BuildInfo.version());
            rt.out().print(output.render(report, rt));
            rt.out().flush();
            return exitCodeOf(report).code();
        }
    }

    static ExitCode exitCodeOf(Report report) {
        return Summary.worst(report) == Severity.ERROR ? ExitCode.PROBLEMS : ExitCode.OK;
    }
}
