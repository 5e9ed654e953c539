package dev.gpudoctor.cli;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.validate.CopyFinder;
import dev.gpudoctor.validate.EngineOptions;
import dev.gpudoctor.validate.ValidationReport;
import dev.gpudoctor.validate.ValidationText;
import dev.gpudoctor.validate.Validator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Prove the stack works by running it: (1) the CUDA driver API, (2) a PTX kernel JIT-compiled by the "
                + "driver, (3) a kernel compiled by each installed NVRTC, (4) cuBLAS GEMM in FP32 and FP16, (5) a cuDNN "
                + "convolution, each checked against the CPU, (6) TensorRT's library, and (7) TensorRT engines of a small "
                + "network built in FP32, FP16 and INT8 through trtexec or the tensorrt Python module, saved, reloaded, run "
                + "and checked against the CPU (with --engine PLAN: whether that plan loads here, and why not).",
            "Stops at the first step that fails and names the broken layer. The GPU work runs in a separate process: "
                + "a crash or a hang costs that step, never the report."})
public final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    String format;

    @Option(names = {"-v", "--verbose"}, description = "Show the library copies, checks and native calls of each step.")
    boolean verbose;

    @Option(names = "--device", paramLabel = "N", defaultValue = "0",
            description = "The CUDA device to validate (ordinal after CUDA_VISIBLE_DEVICES; default: ${DEFAULT-VALUE}).")
    int device;

    @Option(names = "--step-timeout", paramLabel = "SECONDS",
            description = "Deadline of every step (default: each step's own, 15 to 30 s).")
    Double stepTimeout;

    @Option(names = "--python", paramLabel = "PATH",
            description = "Also look for NVIDIA wheels (cuDNN, cuBLAS, NVRTC) in this interpreter's environment (repeatable).")
    List<String> pythons = new ArrayList<>();

    @Option(names = "--nvrtc", paramLabel = "PATH", description = "Validate this libnvrtc copy instead of those found (repeatable).")
    List<Path> nvrtc = new ArrayList<>();

    @Option(names = "--cublas", paramLabel = "PATH", description = "Validate this libcublas copy instead of the one chosen.")
    Path cublas;

    @Option(names = "--cudnn", paramLabel = "PATH", description = "Validate this libcudnn copy instead of the one chosen.")
    Path cudnn;

    @Option(names = "--tensorrt", paramLabel = "PATH", description = "Use this libnvinfer copy instead of the one chosen.")
    Path tensorrt;

    @Option(names = "--engine", paramLabel = "PLAN",
            description = "Check this TensorRT plan against this host in step 7 (its header, its PLAN.json sidecar, loading "
                    + "it) instead of building the test engines.")
    Path engine;

    @Option(names = "--save-engines", paramLabel = "DIR",
            description = "Keep step 7's plans, their sidecars and the ONNX models in DIR (created if missing).")
    Path saveEngines;

    @Option(names = "--hardware-compatibility", paramLabel = "LEVEL", defaultValue = "none",
            description = "Build step 7's plans with this TensorRT hardware compatibility level: none (default) or ampere+.")
    String hardwareCompatibility;

    @Option(names = "--version-compatible", description = "Build step 7's plans version-compatible (later TensorRT releases "
            + "load them).")
    boolean versionCompatible;

    private final Runtime rt;
    private final Function<Map<String, String>, Host> liveHost;

    ValidateCommand(Runtime rt) {
        this(rt, LiveHost::thisMachine);
    }

    /** For tests: the machine whose library copies are looked for. */
    ValidateCommand(Runtime rt, Function<Map<String, String>, Host> liveHost) {
        this.rt = rt;
        this.liveHost = liveHost;
    }

    @Override
    public Integer call() {
        // The matrix (install plans, guides) loads while the ladder runs.
        dev.gpudoctor.matrix.BundledMatrix.preload();
        boolean json = OutputFormats.textOrJson(format);
        if (device < 0) {
            throw new UserError(ExitCode.USAGE, "--device must be 0 or more");
        }
        if (stepTimeout != null && (!(stepTimeout > 0) || stepTimeout > 3600)) {
            throw new UserError(ExitCode.USAGE, "--step-timeout must be between 0 and 3600 seconds");
        }
        CopyFinder.Given given = new CopyFinder.Given(nvrtc.stream().map(p -> file("--nvrtc", p)).toList(),
                cublas == null ? null : file("--cublas", cublas), cudnn == null ? null : file("--cudnn", cudnn),
                tensorrt == null ? null : file("--tensorrt", tensorrt));
        EngineOptions engineOptions = engineOptions();
        Validator v = new Validator(rt.environment(), liveHost.apply(rt.environment()), MatrixSource.bundled(),
                rt.terminal() ? rt.err() : null);
        ValidationReport report;
        try {
            report = v.run(new Validator.Options(device, stepTimeout == null ? null
                    : Duration.ofMillis(Math.round(stepTimeout * 1000)), pythons, given, engineOptions), BuildInfo.version());
        } catch (Validator.CannotRun e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, e.getMessage(), e);
        }
        rt.out().print(json ? Json.write(report) + "\n" : new ValidationText(verbose, rt.colour()).render(report));
        rt.out().flush();
        boolean error = report.findings().stream().anyMatch(f -> f.severity() == dev.gpudoctor.diagnosis.Severity.ERROR);
        return (error ? ExitCode.PROBLEMS : ExitCode.OK).code();
    }

    /** Step 7's options; --engine checks a plan, the others build the test network: not both. */
    private EngineOptions engineOptions() {
        if (!EngineOptions.HARDWARE_COMPATIBILITY.contains(hardwareCompatibility)) {
            throw new UserError(ExitCode.USAGE, "--hardware-compatibility must be one of " + String.join(", ",
                    EngineOptions.HARDWARE_COMPATIBILITY));
        }
        if (engine != null && (saveEngines != null || versionCompatible || !hardwareCompatibility.equals("none"))) {
            throw new UserError(ExitCode.USAGE, "--engine checks a plan; --save-engines, --hardware-compatibility and "
                    + "--version-compatible are for the plans step 7 builds: give one or the other");
        }
        Path plan = engine == null ? null : Path.of(file("--engine", engine));
        Path save = null;
        if (saveEngines != null) {
            save = saveEngines.toAbsolutePath().normalize();
            if (Files.exists(save) && !Files.isDirectory(save)) {
                throw new UserError(ExitCode.USAGE, "--save-engines " + saveEngines + ": not a directory");
            }
        }
        return new EngineOptions(save, hardwareCompatibility, versionCompatible, plan);
    }

    /** A copy given by path: an absolute path to a file that exists, or a usage error. */
    private static String file(String option, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw new UserError(ExitCode.USAGE, option + " " + p + ": no such file");
        }
        return abs.toString();
    }
}
