package dev.gpudoctor.fix;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.CommandRunner;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a plan's steps one by one through the command runner (argv only, never a shell), logging
 * each step to a file before it runs and its end after, and stopping at the first step that fails.
 * Consent is the caller's business: the applier runs what it is given.
 */
public final class Applier {

    private final CommandRunner runner;
    private final Privileges privileges;
    private final Duration stepTimeout;
    private final PrintWriter progress;

    public Applier(CommandRunner runner, Privileges privileges, Duration stepTimeout, PrintWriter progress) {
        this.runner = runner;
        this.privileges = privileges;
        this.stepTimeout = stepTimeout;
        this.progress = progress;
    }

    /** How one step ended. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StepResult(String fix, List<String> argv, String outcome, Integer exitCode, double elapsedMs, String why) {
    }

    /**
     * @param completed     every step ran and succeeded
     * @param stoppedBecause why the run stopped early, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Outcome(List<StepResult> steps, boolean completed, String stoppedBecause, boolean rebootNeeded, String log) {
    }

    public Outcome apply(Plan plan, Path logFile) throws IOException {
        List<StepResult> done = new ArrayList<>();
        if (plan.needsRoot() && !privileges.isRoot()) {
            String why = "the plan has steps that need root and this process is not root: run it again with sudo "
                    + "(sudo gpu-doctor ...); nothing was run";
            progress.println(why);
            return new Outcome(done, false, why, false, null);
        }
        Files.createDirectories(logFile.toAbsolutePath().getParent());
        try (BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            line(log, "plan: " + plan.goal() + " (" + plan.stepCount() + " step(s))");
            int n = 0;
            int total = plan.stepCount();
            boolean reboot = false;
            for (Plan.Item item : plan.actions()) {
                Fix fix = item.fix();
                for (Fix.FileWrite w : fix.writes()) {
                    n++;
                    progress.printf("[%d/%d] write %s%n", n, total, w.path());
                    progress.flush();
                    line(log, "write [" + n + "/" + total + "] " + fix.summary() + ": " + w.path());
                    block(log, "content", w.content());
                    long t0 = System.nanoTime();
                    String failure = write(w);
                    double ms = (System.nanoTime() - t0) / 1e6;
                    done.add(new StepResult(fix.summary(), List.of("write", w.path()), failure == null ? "written" : "failed", null, ms, failure));
                    if (failure != null) {
                        String why = "step " + n + " failed (" + failure + "): write " + w.path();
                        progress.println("    " + failure + "; stopped here, the remaining steps were not run. Log: " + logFile);
                        line(log, "stopped: " + why);
                        return new Outcome(done, false, why, reboot, logFile.toString());
                    }
                    line(log, "end [" + n + "/" + total + "] written");
                    progress.println("    ok");
                }
                for (List<String> argv : fix.steps()) {
                    n++;
                    String shown = String.join(" ", argv);
                    progress.printf("[%d/%d] %s%n", n, total, shown);
                    progress.flush();
                    // Logged before it runs: if the step hangs or the machine goes down, the log says what was under way.
                    line(log, "run [" + n + "/" + total + "] " + fix.summary() + ": argv " + argv);
                    CommandResult r = runner.run(argv, stepTimeout);
                    StepResult s = new StepResult(fix.summary(), argv, r.outcome().word(), r.exitCode(), r.elapsedMs(), r.why());
                    done.add(s);
                    line(log, "end [" + n + "/" + total + "] " + r.outcome().word()
                            + (r.exitCode() == null ? "" : " exit " + r.exitCode()) + String.format(" after %.1f s", r.elapsedMs() / 1000)
                            + (r.why() == null ? "" : ": " + r.why()));
                    block(log, "stdout", r.stdout());
                    block(log, "stderr", r.stderr());
                    if (!r.succeeded()) {
                        String why = "step " + n + " failed (" + describe(r) + "): " + shown;
                        progress.println("    " + describe(r) + "; stopped here, the remaining steps were not run. Log: " + logFile);
                        line(log, "stopped: " + why);
                        return new Outcome(done, false, why, reboot, logFile.toString());
                    }
                    progress.printf("    ok (%.1f s)%n", r.elapsedMs() / 1000);
                }
                reboot |= fix.needsReboot();
            }
            line(log, "completed");
            return new Outcome(done, true, null, reboot, logFile.toString());
        } finally {
            progress.flush();
        }
    }

    /**
     * Writes a file whole: a new file beside it, renamed over the old one, so that a failure never
     * leaves half a file. Returns why it failed, or null.
     */
    static String write(Fix.FileWrite w) {
        Path target = Path.of(w.path());
        if (!target.isAbsolute() || target.normalize() != null && !target.normalize().equals(target)) {
            return "not an absolute, normalized path: " + w.path();
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".gpu-doctor-new");
        try {
            Files.writeString(tmp, w.content(), StandardCharsets.UTF_8);
            Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return null;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // The leftover is a dot-file beside the target; the failure is what the user needs.
            }
            return "cannot write " + w.path() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private static String describe(CommandResult r) {
        return switch (r.outcome()) {
            case EXITED -> "exit code " + r.exitCode() + lastLine(r.stderr());
            default -> r.outcome().word() + (r.why() == null ? "" : ": " + r.why());
        };
    }

    private static String lastLine(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        String last = text.strip().lines().reduce((a, b) -> b).orElse("");
        return ": " + (last.length() > 200 ? last.substring(0, 200) + "..." : last);
    }

    private static void line(BufferedWriter log, String text) throws IOException {
        log.write(Instant.now() + " " + text);
        log.newLine();
        log.flush();
    }

    private static void block(BufferedWriter log, String name, String text) throws IOException {
        if (text == null || text.isEmpty()) {
            return;
        }
        for (String l : text.split("\n", -1)) {
            log.write("    " + name + "| " + l);
            log.newLine();
        }
        log.flush();
    }
}
