package dev.gpudoctor.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fix.Applier;
import dev.gpudoctor.fix.Plan;
import dev.gpudoctor.fix.PlanText;
import dev.gpudoctor.fix.Privileges;
import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.RootedFiles;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Applying a plan on this machine, for fix --apply and install: a yes first (or --yes; never a
 * prompt nobody can answer), the applier, then a check again to show what changed.
 */
final class PlanApplication {

    /** What --format json prints. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Result(Plan plan, Applier.Outcome applied, Changes after) {
    }

    /** The findings' codes (warnings and errors) before and after applying. */
    record Changes(List<String> gone, List<String> remaining, List<String> appeared) {
    }

    private PlanApplication() {
    }

    static int apply(Runtime rt, Plan plan, ApplyOptions options, boolean json, Privileges privileges, Report before,
                     Supplier<Report> checkAgain) {
        if (plan.actions().isEmpty()) {
            print(rt, json, new Result(plan, null, null), PlanText.render(plan) + "\nNothing to run.\n");
            return CheckCommand.exitCodeOf(before).code();
        }
        if (!json) {
            rt.out().print(PlanText.render(plan));
            rt.out().flush();
        }
        consent(rt, plan, options);
        Path logFile = options.logFile();
        Map<String, String> env = new HashMap<>(rt.environment());
        // Package managers must not stop to ask: consent was given once, for the whole plan.
        env.put("DEBIAN_FRONTEND", "noninteractive");
        Applier applier = new Applier(new ExecCommandRunner(env, new RootedFiles(Path.of("/"))), privileges,
                Duration.ofMinutes(options.stepTimeoutMinutes), json ? new PrintWriter(Writer.nullWriter()) : rt.err());
        Applier.Outcome outcome;
        try {
            outcome = applier.apply(plan, logFile);
        } catch (IOException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "cannot write the log " + logFile + ": " + e.getMessage(), e);
        }
        Report after = outcome.steps().isEmpty() ? before : checkAgain.get();
        Changes changes = changes(before, after);
        print(rt, json, new Result(plan, outcome, changes), afterText(outcome, changes));
        return outcome.completed() && CheckCommand.exitCodeOf(after) == ExitCode.OK ? ExitCode.OK.code() : ExitCode.PROBLEMS.code();
    }

    static void print(Runtime rt, boolean json, Result result, String text) {
        rt.out().print(json ? Json.write(result) + "\n" : text);
        rt.out().flush();
    }

    private static void consent(Runtime rt, Plan plan, ApplyOptions options) {
        if (options.yes) {
            return;
        }
        if (!rt.interactive()) {
            throw new UserError(ExitCode.USAGE, "applying needs a yes and nobody can answer here (stdin is not a terminal): "
                    + "add --yes to run the plan without asking. Nothing was run.");
        }
        rt.err().print("Run these " + plan.stepCount() + " step(s) now" + (plan.needsReboot() ? " (a reboot follows)" : "")
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
        s.append(o.completed() ? "All " + o.steps().size() + " step(s) succeeded." : "Stopped: " + o.stoppedBecause() + ".");
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
}
