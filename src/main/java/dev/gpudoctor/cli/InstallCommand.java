package dev.gpudoctor.cli;

import dev.gpudoctor.fix.Plan;
import dev.gpudoctor.fix.Privileges;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.report.Report;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Apply the plan for a target on this machine (see 'gpu-doctor plan'): after a yes, step by step, "
                + "logged, stopping at the first failure, then check again.")
public final class InstallCommand implements Callable<Integer> {

    @Mixin
    MatrixOptions matrixOption;

    @Mixin
    TargetOption targetOption;

    @Mixin
    ApplyOptions applyOptions;

    @Option(names = "--python", paramLabel = "PATH", description = "Also consider this Python interpreter's environment (repeatable).")
    java.util.List<String> pythons = new java.util.ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    String format;

    private final Examiner examiner;
    private final Privileges privileges;

    InstallCommand(Runtime rt) {
        this(rt, LiveHost::thisMachine, Privileges.ofThisProcess());
    }

    /** For tests: the machine the plan is applied to, and whether this process counts as root. */
    InstallCommand(Runtime rt, Function<Map<String, String>, Host> liveHost, Privileges privileges) {
        this.examiner = new Examiner(rt, liveHost);
        this.privileges = privileges;
    }

    @Override
    public Integer call() {
        boolean json = OutputFormats.textOrJson(format);
        var target = targetOption.parse();
        var matrix = matrixOption.load();
        HostOptions thisMachine = HostOptions.thisMachine(pythons);
        Report before = examiner.report(thisMachine, MatrixSource.of(matrix));
        Plan plan = targetOption.planner(matrix, examiner.rt()).plan(before.facts(), target);
        return PlanApplication.apply(examiner.rt(), plan, applyOptions, json, privileges, before,
                () -> examiner.report(thisMachine, MatrixSource.of(matrix)));
    }
}
