package dev.gpudoctor.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fix.Applier;
import dev.gpudoctor.fix.Plan;
import dev.gpudoctor.fix.PlanText;
import dev.gpudoctor.fix.Privileges;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.host.live.RootedFiles;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
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

    @Option(names = "--apply", description = "Run the plan on this machine (asks first; see --yes).")
    boolean apply;

    @Option(names = "--yes", description = "With --apply: do not ask (for provisioning scripts). Without it, --apply "
            + "asks on the terminal and refuses when nobody can answer.")
    boolean yes;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Where --apply logs each step's argv, exit code and output (default: gpu-doctor-fix-DATE.log here).")
    Path log;

    @Option(names = "--step-timeout", paramLabel = "MINUTES", defaultValue = "30",
            description = "Longest a step may run before it is stopped (default: ${DEFAULT-VALUE}).")
    int stepTimeoutMinutes;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    String format;

    private final Runtime rt;
    private final Function<Map<String, String>, Host> liveHost;
    private final Privileges privileges;

    FixCommand(Runtime rt) {
        this(rt, LiveHost::thisMachine, Privileges.ofThisProcess());
    }

    /** For tests: the machine a plan is applied to, and whether this process counts as root. */
    FixCommand(Runtime rt, Function<Map<String, String>, Host> liveHost, Privileges privileges) {
        this.rt = rt;
        this.liveHost = liveHost;
        this.privileges = privileges;
    }

    /** What --format json prints. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(Plan plan, Applier.Outcome applied, Changes after) {
    }

    /** The findings' codes before and after applying. */
    record Changes(List<String> gone, List<String> remaining, List<String> appeared) {
    }

    @Override
    public Integer call() {
        dev.gpudoctor.matrix.BundledMatrix.preload();
        if (!format.equals("text") && !format.equals("json")) {
            throw new UserError(ExitCode.USAGE, "--format must be text or json");
        }
        if (apply && hostOptions.examinesAnotherHost()) {
            throw new UserError(ExitCode.USAGE, "--apply changes this machine: a bundle (--from) or a mounted root "
                    + "(--root) can only be planned, not fixed from here");
        }
        Report before = examine();
        Plan plan = Plan.forFindings(before.findings());
        if (!apply) {
            print(new Result(plan, null, null), PlanText.render(plan) + (plan.actions().isEmpty() ? ""
                    : "\nDry run: nothing was changed. Apply with: gpu-doctor fix --apply\n"));
            return ExitCode.OK.code();
        }
        if (plan.actions().isEmpty()) {
            print(new Result(plan, null, null), PlanText.render(plan));
            return CheckCommand.exitCodeOf(before).code();
        }
        if (format.equals("text")) {
            rt.out().print(PlanText.render(plan));
            rt.out().flush();
        }
        consent(plan);
        Path logFile = log != null ? log
                : Path.of("gpu-doctor-fix-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
        Map<String, String> env = new HashMap<>(rt.environment());
        // Package managers must not stop to ask: consent was given once, for the whole plan.
        env.put("DEBIAN_FRONTEND", "noninteractive");
        Applier applier = new Applier(new ExecCommandRunner(env, new RootedFiles(Path.of("/"))), privileges,
                Duration.ofMinutes(stepTimeoutMinutes), format.equals("text") ? rt.err() : new java.io.PrintWriter(java.io.Writer.nullWriter()));
        Applier.Outcome outcome;
        try {
            outcome = applier.apply(plan, logFile);
        } catch (IOException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "cannot write the log " + logFile + ": " + e.getMessage(), e);
        }
        Report after = outcome.steps().isEmpty() ? before : examine();
        Changes changes = changes(before, after);
        print(new Result(plan, outcome, changes), afterText(outcome, changes));
        return outcome.completed() && CheckCommand.exitCodeOf(after) == ExitCode.OK ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }

    private Report examine() {
        if (hostOptions.examinesAnotherHost()) {
            try (OpenHost open = hostOptions.open(rt)) {
                return Reports.of(open.host(), hostOptions.examine(open, open.host()), open.capturedAt(), BuildInfo.version(),
                        matrixOption.source());
            }
        }
        Host host = liveHost.apply(rt.environment());
        OpenHost open = new OpenHost(host, null, null);
        Examination.Result result = hostOptions.examine(open, host);
        return Reports.of(host, result, null, BuildInfo.version(), matrixOption.source());
    }

    /** A yes from a person at the terminal, or --yes; never a prompt nobody can answer. */
    private void consent(Plan plan) {
        if (yes) {
            return;
        }
        if (!rt.interactive()) {
            throw new UserError(ExitCode.USAGE, "--apply needs a yes and nobody can answer here (stdin is not a terminal): "
                    + "add --yes to run the plan without asking. Nothing was run.");
        }
        rt.err().print("Run these " + plan.stepCount() + " command(s) now" + (plan.needsReboot() ? " (a reboot follows)" : "")
                + "? [y/N] ");
        rt.err().flush();
        String answer;
        try {
            answer = rt.in().readLine();
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !(answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"))) {
            throw new UserError(ExitCode.PROBLEMS, "not applied: the answer was not yes. Nothing was run.");
        }
    }

    private static Changes changes(Report before, Report after) {
        List<String> b = codes(before);
        List<String> a = codes(after);
        return new Changes(b.stream().filter(c -> !a.contains(c)).toList(), a.stream().filter(b::contains).toList(),
                a.stream().filter(c -> !b.contains(c)).toList());
    }

    private static List<String> codes(Report r) {
        return r.findings().stream().filter(f -> f.severity() != Severity.INFO).map(Finding::code).distinct().toList();
    }

    private static String afterText(Applier.Outcome o, Changes c) {
        StringBuilder s = new StringBuilder("\n");
        s.append(o.completed() ? "All " + o.steps().size() + " command(s) succeeded." : "Stopped: " + o.stoppedBecause() + ".");
        if (o.log() != null) {
            s.append(" Log: ").append(o.log());
        }
        s.append("\n");
        if (o.rebootNeeded()) {
            s.append("A reboot is needed before the change takes effect; run gpu-doctor check after it.\n");
        }
        if (!o.steps().isEmpty()) {
            s.append("Checked again: ").append(c.gone().isEmpty() ? "no finding went away" : "gone: " + String.join(", ", c.gone()))
                    .append(c.remaining().isEmpty() ? "" : "; still there: " + String.join(", ", c.remaining()))
                    .append(c.appeared().isEmpty() ? "" : "; new: " + String.join(", ", c.appeared())).append("\n");
        }
        return s.toString();
    }

    private void print(Result result, String text) {
        rt.out().print(format.equals("json") ? Json.write(result) + "\n" : text);
        rt.out().flush();
    }
}
