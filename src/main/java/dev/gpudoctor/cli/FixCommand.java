package dev.gpudoctor.cli;

import dev.gpudoctor.fix.Plan;
import dev.gpudoctor.fix.PlanText;
import dev.gpudoctor.fix.Privileges;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.live.LiveHost;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "fix", mixinStandardHelpOptions = true,
        description = "Print the plan that answers this host's findings (a dry run, the default); with --apply, run it "
                + "step by step after a yes, log every step, stop at the first failure and check again.")
public final class FixCommand implements Callable<Integer> {

    @Mixin
    HostOptions hostOptions;

    @Mixin
    MatrixOptions matrixOption;

    @Mixin
    ApplyOptions applyOptions;

    @Option(names = "--apply", description = "Run the plan on this machine (asks first; see --yes).")
    boolean apply;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    String format;

    private final Examiner examiner;
    private final Privileges privileges;

    FixCommand(Runtime rt) {
        this(rt, LiveHost::thisMachine, Privileges.ofThisProcess());
    }

    /** For tests: the machine a plan is applied to, and whether this process counts as root. */
    FixCommand(Runtime rt, Function<Map<String, String>, Host> liveHost, Privileges privileges) {
        this.examiner = new Examiner(rt, liveHost);
        this.privileges = privileges;
    }

    @Override
    public Integer call() {
        dev.gpudoctor.matrix.BundledMatrix.preload();
        Runtime rt = examiner.rt();
        boolean json = OutputFormats.textOrJson(format);
        if (apply && hostOptions.examinesAnotherHost()) {
            throw new UserError(ExitCode.USAGE, "--apply changes this machine: a bundle (--from) or a mounted root "
                    + "(--root) can only be planned, not fixed from here");
        }
        var before = examiner.report(hostOptions, matrixOption.source());
        Plan plan = Plan.forFindings(before.findings());
        if (!apply) {
            PlanApplication.print(rt, json, new PlanApplication.Result(plan, null, null), PlanText.render(plan)
                    + (plan.actions().isEmpty() ? "" : "\nDry run: nothing was changed. Apply with: gpu-doctor fix --apply\n"));
            return ExitCode.OK.code();
        }
        return PlanApplication.apply(rt, plan, applyOptions, json, privileges, before,
                () -> examiner.report(hostOptions, matrixOption.source()));
    }
}
