package dev.gpudoctor.cli;

import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.diagnosis.require.Requirement;
import dev.gpudoctor.diagnosis.require.RequirementCheck;
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

    @Mixin
    MatrixOptions matrixOption;

    @picocli.CommandLine.Option(names = "--require", paramLabel = "EXPR",
            description = "Fail (exit code 1, finding require.unmet) unless the host meets EXPR, e.g. "
                    + "driver>=550,cuda>=12.4,cudnn>=9,cc>=8.0 or torch==2.5.1+cu124 (repeatable; keys: "
                    + "driver, cuda, toolkit, cudnn, tensorrt, nccl, cc, gpus, torch, tensorflow).")
    java.util.List<String> requirements = new java.util.ArrayList<>();

    @picocli.CommandLine.Option(names = "--baseline", paramLabel = "FILE",
            description = "Compare with a known-good stack saved by 'gpu-doctor baseline save FILE': each difference is a "
                    + "baseline.drift warning.")
    java.nio.file.Path baseline;

    private final Runtime rt;

    CheckCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        // The matrix loads while the probes run: it is needed only when the facts are in.
        dev.gpudoctor.matrix.BundledMatrix.preload();
        java.util.List<Requirement> wanted = new java.util.ArrayList<>();
        for (String expr : requirements) {
            try {
                wanted.addAll(Requirement.parse(expr));
            } catch (IllegalArgumentException e) {
                throw new UserError(ExitCode.USAGE, "--require: " + e.getMessage());
            }
        }
        dev.gpudoctor.matrix.MatrixSource matrix = matrixOption.source();
        try (OpenHost open = hostOptions.open(rt)) {
            Examination.Result result = hostOptions.examine(open, open.host());
            Report report = Reports.of(open.host(), result, open.capturedAt(), BuildInfo.version(), matrix);
            if (baseline != null) {
                java.util.List<dev.gpudoctor.diagnosis.Finding> all = new java.util.ArrayList<>(report.findings());
                all.addAll(BaselineCommand.read(baseline).drift(result.facts(), baseline.toString()));
                all.sort(dev.gpudoctor.diagnosis.Diagnoser.ORDER);
                report = report.withFindings(all);
            }
            if (!wanted.isEmpty()) {
                java.util.List<dev.gpudoctor.diagnosis.Finding> all = new java.util.ArrayList<>(report.findings());
                all.addAll(new RequirementCheck(Reports.computeCapability(matrix)).check(result.facts(), wanted));
                all.sort(dev.gpudoctor.diagnosis.Diagnoser.ORDER);
                report = report.withFindings(all);
            }
            rt.out().print(output.render(report, rt));
            rt.out().flush();
            return exitCodeOf(report).code();
        }
    }

    static ExitCode exitCodeOf(Report report) {
        return Summary.worst(report) == Severity.ERROR ? ExitCode.PROBLEMS : ExitCode.OK;
    }
}
