package dev.gpudoctor.cli;

import dev.gpudoctor.fix.Plan;
import dev.gpudoctor.fix.PlanText;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.report.Report;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Compute a stack this host can run for a target (a framework release, a CUDA toolkit, TensorRT or an "
                + "NGC image) and the steps to get there, with why each choice was made. Changes nothing; "
                + "'gpu-doctor install' applies it.")
public final class PlanCommand implements Callable<Integer> {

    @Mixin
    HostOptions hostOptions;

    @Mixin
    MatrixOptions matrixOption;

    @Mixin
    TargetOption targetOption;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    String format;

    private final Runtime rt;

    PlanCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        boolean json = OutputFormats.textOrJson(format);
        var target = targetOption.parse();
        var matrix = matrixOption.load();
        Report report = new Examiner(rt, LiveHost::thisMachine).report(hostOptions, dev.gpudoctor.matrix.MatrixSource.of(matrix));
        Plan plan = targetOption.planner(matrix, rt).plan(report.facts(), target);
        PlanApplication.print(rt, json, new PlanApplication.Result(plan, null, null), PlanText.render(plan)
                + (plan.actions().isEmpty() ? "" : "\nNothing was changed. Apply with: gpu-doctor install --target '"
                + target.text() + "'\n"));
        // No command to run but advice: the target cannot be reached from here as the matrix knows it.
        return plan.actions().isEmpty() && !plan.advice().isEmpty() ? ExitCode.PROBLEMS.code() : ExitCode.OK.code();
    }
}
