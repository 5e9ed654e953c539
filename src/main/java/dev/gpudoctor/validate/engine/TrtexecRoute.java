package dev.gpudoctor.validate.engine;

import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.CommandRunner;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The trtexec route: one trtexec process to build and save each plan (--skipInference), another to
 * load that plan from the file and run it on the fixed input (--loadInputs) with its output written
 * to a file (--exportOutput), so that the reload is a real deserialization and the numbers are the
 * engine's own. Flags as trtexec --help of TensorRT 10 describes them; their output as
 * {@link TrtexecLog} and {@link TrtexecExport} read it.
 */
public final class TrtexecRoute implements Route {

    /** Timed iterations and warm-up (ms) of a run: enough for a stable median of a 20-microsecond network. */
    static final int ITERATIONS = 200;
    static final int WARM_UP_MS = 100;
    private static final int LOG_LINES = 12;
    private static final long MAX_EXPORT_BYTES = 8L * 1024 * 1024;

    private final CommandRunner runner;
    private final String trtexec;
    private final String libraryDir;

    /**
     * @param libraryDir the libnvinfer directory of a TensorRT tar install whose trtexec lies beside it (its
     *                   bin/ next to lib/): put first on LD_LIBRARY_PATH through env, as NVIDIA's tar
     *                   instructions do; null where trtexec finds its libraries itself
     */
    public TrtexecRoute(CommandRunner runner, String trtexec, String libraryDir) {
        this.runner = runner;
        this.trtexec = trtexec;
        this.libraryDir = libraryDir;
    }

    @Override
    public String name() {
        return "trtexec";
    }

    @Override
    public String tool() {
        return trtexec;
    }

    /** The build arguments for a precision (no paths): what the sidecar records as its flags. */
    static List<String> flags(String precision, String hardwareCompatibility, boolean versionCompatible) {
        List<String> f = new ArrayList<>();
        switch (precision) {
            // TF32 is on by default on Ampere and later ("TF32 is enabled by default. Add --noTF32 flag to further
            // improve accuracy"): an FP32 check must turn it off.
            case "fp32" -> f.add("--noTF32");
            case "fp16" -> f.add("--fp16");
            // With Q/DQ nodes the scales are in the model; --int8 lets the builder use INT8 kernels, no calibration.
            case "int8" -> f.add("--int8");
            default -> throw new IllegalArgumentException("no precision " + precision);
        }
        if (hardwareCompatibility != null && !hardwareCompatibility.equals("none")) {
            f.add("--hardwareCompatibilityLevel=" + hardwareCompatibility);
        }
        if (versionCompatible) {
            f.add("--versionCompatible");
        }
        return f;
    }

    @Override
    public Build build(BuildRequest r, Duration timeout) {
        List<String> flags = flags(r.precision(), r.hardwareCompatibility(), r.versionCompatible());
        List<String> args = new ArrayList<>(List.of("--onnx=" + r.onnx(), "--saveEngine=" + r.plan()));
        args.addAll(flags);
        args.add("--skipInference");
        CommandResult c = runner.run(argv(args), timeout);
        TrtexecLog log = TrtexecLog.parse(output(c));
        boolean ok = c.succeeded() && !Boolean.FALSE.equals(log.passed()) && Files.isRegularFile(r.plan());
        TrtexecLog.Failure failure = ok ? null : failure(c, log, "no plan was written to " + r.plan());
        return new Route.Build(ok, c.outcome() == CommandResult.Outcome.TIMED_OUT, c.commandLine(), c.elapsedMs(),
                log.buildSeconds() == null ? null : log.buildSeconds() * 1000, log.tensorrtVersion(), log.device(),
                log.computeCapability(), flags, null, null, failure, tail(c));
    }

    @Override
    public Run run(RunRequest r, Duration timeout) {
        Path export = r.workDir().resolve(r.tag() + "-output.json");
        List<String> args = new ArrayList<>(List.of("--loadEngine=" + r.plan()));
        if (r.input() != null) {
            args.add("--loadInputs=" + r.inputName() + ":" + r.input());
            args.add("--exportOutput=" + export);
        }
        args.addAll(List.of("--iterations=" + ITERATIONS, "--warmUp=" + WARM_UP_MS, "--duration=0"));
        CommandResult c = runner.run(argv(args), timeout);
        TrtexecLog log = TrtexecLog.parse(output(c));
        boolean ok = c.succeeded() && !Boolean.FALSE.equals(log.passed());
        float[] values = null;
        String problem = null;
        if (ok && r.input() != null) {
            TrtexecExport.Read read = readExport(export);
            if (read.problem() != null) {
                problem = export + ": " + read.problem();
            } else if (read.tensor(TestNetwork.OUTPUT) == null) {
                problem = export + " holds no tensor named " + TestNetwork.OUTPUT;
            } else {
                values = read.tensor(TestNetwork.OUTPUT).values();
            }
        }
        return new Route.Run(ok, c.outcome() == CommandResult.Outcome.TIMED_OUT, c.commandLine(), c.elapsedMs(),
                log.tensorrtVersion(), log.device(), log.computeCapability(), log.latency(), log.gpuCompute(),
                log.throughputQps(), values, problem, null, ok ? null : failure(c, log, "trtexec did not run the plan"),
                tail(c));
    }

    private static TrtexecExport.Read readExport(Path export) {
        try {
            if (!Files.isRegularFile(export)) {
                return new TrtexecExport.Read(null, "trtexec wrote no output file");
            }
            if (Files.size(export) > MAX_EXPORT_BYTES) {
                return new TrtexecExport.Read(null, "the output file is " + Files.size(export) + " bytes, more than a "
                        + "4x10 output can take");
            }
            return TrtexecExport.parse(Files.readString(export, StandardCharsets.UTF_8));
        } catch (IOException | java.io.UncheckedIOException e) {
            return new TrtexecExport.Read(null, "cannot read it: " + e.getMessage());
        }
    }

    private List<String> argv(List<String> args) {
        List<String> argv = new ArrayList<>();
        if (libraryDir != null) {
            argv.addAll(List.of("env", "LD_LIBRARY_PATH=" + libraryDir));
        }
        argv.add(trtexec);
        argv.addAll(args);
        return argv;
    }

    /** What went wrong: the log's own reason, else how the process ended. */
    static TrtexecLog.Failure failure(CommandResult c, TrtexecLog log, String otherwise) {
        if (log.failure() != null) {
            return log.failure();
        }
        String how = switch (c.outcome()) {
            case TIMED_OUT -> "did not finish within " + Math.round(c.elapsedMs()) + " ms and was killed";
            case NOT_FOUND, FAILED_TO_START, NOT_RUN -> c.why();
            case EXITED -> c.exitCode() != null && c.exitCode() != 0 ? "exited " + c.exitCode() : otherwise;
        };
        return new TrtexecLog.Failure(TrtexecLog.Kind.OTHER, how, null, null);
    }

    static String output(CommandResult c) {
        return (c.stdout() == null ? "" : c.stdout()) + "\n" + (c.stderr() == null ? "" : c.stderr());
    }

    static List<String> tail(CommandResult c) {
        List<String> lines = output(c).lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.subList(Math.max(0, lines.size() - LOG_LINES), lines.size());
    }
}
