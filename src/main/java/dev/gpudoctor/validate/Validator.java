package dev.gpudoctor.validate;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.bundle.BundleArchive;
import dev.gpudoctor.host.live.ChildJvm;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.validate.child.LadderChild;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs validate: starts the child JVM at once (steps 1 and 2 need only libcuda), finds the library
 * copies meanwhile, hands them to the child when it reaches step 3, runs step 7 (TensorRT's own
 * tools) once the child has ended, and turns the ladder into the report and its findings.
 */
public final class Validator {

    /**
     * @param device      the CUDA device ordinal
     * @param stepTimeout every step's deadline, or null for each step's own
     * @param pythons     extra interpreters whose environments hold wheels (--python)
     */
    public record Options(int device, Duration stepTimeout, List<String> pythons, CopyFinder.Given given, EngineOptions engine) {
        public Options {
            pythons = List.copyOf(pythons);
            engine = engine == null ? EngineOptions.defaults() : engine;
        }

        public Options(int device, Duration stepTimeout, List<String> pythons, CopyFinder.Given given) {
            this(device, stepTimeout, pythons, given, null);
        }
    }

    /** validate could not run at all (no java binary to start, no temporary folder): not a step's result. */
    public static final class CannotRun extends Exception {
        public CannotRun(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Map<String, String> environment;
    private final Host host;
    private final Host engineHost;
    private final MatrixSource matrix;
    private final PrintWriter progress;

    /**
     * @param environment the environment the child runs with (the process's own, or a test's)
     * @param host        where library copies are looked for (this machine)
     * @param progress    where the progress line is drawn, or null
     */
    public Validator(Map<String, String> environment, Host host, MatrixSource matrix, PrintWriter progress) {
        this(environment, host, host, matrix, progress);
    }

    /**
     * @param engineHost where step 7 looks for trtexec and Python interpreters and runs them (this machine; a
     *                   test's machine with fake tools on PATH while copies are searched on an empty host)
     */
    public Validator(Map<String, String> environment, Host host, Host engineHost, MatrixSource matrix, PrintWriter progress) {
        this.environment = Map.copyOf(environment);
        this.host = host;
        this.engineHost = engineHost;
        this.matrix = matrix;
        this.progress = progress;
    }

    public ValidationReport run(Options o, String toolVersion) throws CannotRun {
        long t0 = System.nanoTime();
        Path scratch;
        try {
            scratch = Files.createTempDirectory("gpu-doctor-validate-");
        } catch (IOException e) {
            throw new CannotRun("cannot create a temporary folder: " + e.getMessage(), e);
        }
        try (Progress shown = new Progress(progress)) {
            shown.preparing("starting the process for the GPU work");
            Optional<List<String>> argv = ChildJvm.command(LadderChild.class, List.of(
                    // A crash report goes to our scratch folder, not the user's working directory, and no core file.
                    // (The JVM then ends with exit code 1 after printing its fatal error summary, which the parent reads.)
                    "-XX:ErrorFile=" + scratch.resolve("hs_err_pid%p.log"), "-XX:-CreateCoredumpOnCrash", "-Xmx1g"),
                    List.of(String.valueOf(o.device())));
            if (argv.isEmpty()) {
                throw new CannotRun("the java binary of this process is not known, so the GPU work cannot be started", null);
            }
            CompletableFuture<Discovery> discovery = CompletableFuture.supplyAsync(() -> Discovery.of(host, o.pythons()));
            LadderRunner.Run run;
            Discovery found;
            try (ChildProcess child = ChildProcess.start(argv.get(), environment, scratch)) {
                run = new LadderRunner(child, () -> new CopyFinder(host.files()).choose(found(discovery).found(), o.given()),
                        s -> o.stepTimeout() != null ? o.stepTimeout() : s.deadline(), shown).run();
            } catch (IOException e) {
                throw new CannotRun("cannot start the process for the GPU work: " + e.getMessage(), e);
            }
            found = found(discovery);
            EngineStep.Done engine = new EngineStep(engineHost, found, o.engine(), scratch, o.stepTimeout() != null
                    ? o.stepTimeout() : Step.TENSORRT_ENGINE.deadline(), shown).run(run.steps(), run.gpu());
            shown.finished(engine.step());
            List<StepResult> steps = new ArrayList<>(run.steps());
            steps.add(engine.step());
            Ladder ladder = Ladder.of(run.gpu(), withSearchNotes(steps, found), engine.report());
            InstallPlans plans;
            try {
                plans = InstallPlans.of(matrix.get(), found.system());
            } catch (MatrixException e) {
                plans = InstallPlans.without(e.getMessage());
            }
            return new ValidationReport(ValidationReport.SCHEMA_VERSION, new Report.Tool("gpu-doctor", toolVersion),
                    new Report.Examined("this machine", true, null), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    Math.round((System.nanoTime() - t0) / 1e5) / 10.0, new ValidationFindings(plans).of(ladder), ladder);
        } finally {
            try {
                BundleArchive.deleteTree(scratch);
            } catch (IOException e) {
                // A temporary folder left behind is the system's to clean; the result stands.
            }
        }
    }

    /** The discovery, waited for within its own deadline (its probes are bounded; this is a second bound). */
    private static Discovery found(CompletableFuture<Discovery> discovery) {
        try {
            return discovery.get(Discovery.DEADLINE.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Discovery(null, new CopyFinder.Found(null, null, null, null), List.of("interrupted"));
        } catch (ExecutionException | TimeoutException e) {
            return new Discovery(null, new CopyFinder.Found(null, null, null, null),
                    List.of("the search for library copies did not finish: " + e));
        }
    }

    /** A "not installed" that rests on an incomplete search says so. */
    private static List<StepResult> withSearchNotes(List<StepResult> steps, Discovery d) {
        if (d.incomplete().isEmpty()) {
            return steps;
        }
        List<StepResult> out = new ArrayList<>();
        for (StepResult s : steps) {
            out.add(s.result() != Outcome.NOT_INSTALLED ? s : new StepResult(s.number(), s.id(), s.title(), s.layer(),
                    s.result(), s.summary() + " (the search was incomplete: " + String.join("; ", d.incomplete()) + ")",
                    s.elapsedMs(), s.deadlineMs(), s.libraries(), s.checks(), s.error(), s.evidence()));
        }
        return out;
    }
}
