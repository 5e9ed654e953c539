package dev.gpudoctor.model;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.validate.engine.EngineRoutes;
import dev.gpudoctor.validate.engine.PlanSidecar;
import dev.gpudoctor.validate.engine.Route;
import dev.gpudoctor.validate.engine.TrtexecLog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * model check --build: the model handed to TensorRT's builder on this machine through the first
 * route validate's engine step would use (trtexec, else the tensorrt Python module), one child
 * process under the deadline, the plan written to a temporary folder that is deleted afterwards
 * unless it is to be kept. The table check says what the release should accept; this says what it
 * does, with the builder's own words when it refuses.
 */
public final class ModelBuild {

    public static final String PASSED = "model.build-passed";
    public static final String FAILED = "model.build-failed";
    public static final String NOT_POSSIBLE = "model.build-not-possible";
    public static final List<String> PRECISIONS = List.of("fp32", "fp16", "int8");

    static final String AREA = "TensorRT engine";
    static final String INSTALL_DOC = "https://docs.nvidia.com/deeplearning/tensorrt/latest/installing-tensorrt/installing.html";

    /** The ONNX parser's node lines: TensorRT 10's "In node 3 with name: /m/NonZero and operator: NonZero", 8.x's "While parsing node number 3 [NonZero -> ...]". */
    static final Pattern NODE_10 = Pattern.compile("In node (-?\\d+) (?:\\(\\w+\\) )?with name: (\\S*) and operator: (\\w+)");
    static final Pattern NODE_8 = Pattern.compile("While parsing node number (\\d+) \\[(\\w+)(?: -> \"([^\"]*)\")?\\]");

    /** Interpreter probes of the Python route: importing tensorrt takes seconds, more on a cold disk. */
    static final Duration PROBE = Duration.ofSeconds(60);

    /**
     * @param what            the model as named on the command line
     * @param libnvinfer      a TensorRT library of the host (its folder locates a tar install's trtexec), or null
     * @param tensorrtVersion that copy's version, or null
     * @param pythons         interpreters to try for the Python route besides python3 on PATH
     * @param modelInputs     the graph's interface, reported where the route does not list the plan's own tensors
     * @param tableFindings   the table check's findings: where it knows an operator the release lacks, the fix names it
     */
    public record Request(Host host, Path onnx, String what, String precision, Path saveEngine, Duration timeout,
                          String libnvinfer, String tensorrtVersion, List<String> pythons, List<ModelReport.Value> modelInputs,
                          List<ModelReport.Value> modelOutputs, List<Finding> tableFindings) {
        public Request withTableFindings(List<Finding> findings) {
            return new Request(host, onnx, what, precision, saveEngine, timeout, libnvinfer, tensorrtVersion, pythons,
                    modelInputs, modelOutputs, findings);
        }
    }

    private ModelBuild() {
    }

    /** Builds the model; {@link #finding} words the outcome. */
    public static ModelReport.Build run(Request r, Consumer<String> progress) {
        long started = System.nanoTime();
        List<EngineRoutes.Considered> considered = EngineRoutes.consider(r.host(), r.libnvinfer(), r.tensorrtVersion(),
                r.pythons(), min(PROBE, left(r.timeout(), started)), progress);
        Optional<EngineRoutes.Considered> chosen = EngineRoutes.chosen(considered);
        List<ModelReport.Route> routes = considered.stream().map(c -> new ModelReport.Route(c.name(), c.available(),
                chosen.isPresent() && chosen.get() == c, c.path(), c.why())).toList();
        long timeoutMs = r.timeout().toMillis();
        if (chosen.isEmpty()) {
            return new ModelReport.Build("not-possible", r.precision(), null, null, r.tensorrtVersion(), null, null,
                    null, timeoutMs, null, null, null, null, null, null, null, null, routes);
        }
        Route route = chosen.get().route();
        Path dir;
        try {
            dir = Files.createTempDirectory("gpu-doctor-build-");
        } catch (IOException e) {
            String why = "cannot create a temporary folder for the plan: " + e.getMessage();
            return new ModelReport.Build("failed", r.precision(), route.name(), route.tool(), r.tensorrtVersion(), null,
                    null, null, timeoutMs, null, null, null, null, null, "OTHER", why, null, routes);
        }
        try {
            Path plan = dir.resolve(stem(r.onnx()) + "-" + r.precision() + ".plan");
            Duration left = left(r.timeout(), started);
            if (left.toMillis() < 1000) {
                String why = "no time left of --build-timeout after looking for a route";
                return new ModelReport.Build("timed-out", r.precision(), route.name(), route.tool(), r.tensorrtVersion(),
                        null, null, null, timeoutMs, null, null, null, null, null, "TIMED_OUT", why, null, routes);
            }
            progress.accept(route.name() + ": build " + r.onnx() + " (" + r.precision().toUpperCase(Locale.ROOT) + ")");
            Route.Build b = route.build(new Route.BuildRequest(r.precision(), r.onnx().toAbsolutePath(), plan, "none", false),
                    left);
            String version = b.tensorrtVersion() != null ? b.tensorrtVersion() : r.tensorrtVersion();
            Double ms = b.buildMs() != null ? b.buildMs() : b.elapsedMs();
            boolean fromPlan = !b.inputs().isEmpty() || !b.outputs().isEmpty();
            List<ModelReport.Value> inputs = fromPlan ? values(b.inputs()) : r.modelInputs();
            List<ModelReport.Value> outputs = fromPlan ? values(b.outputs()) : r.modelOutputs();
            if (!b.ok()) {
                String kind = b.timedOut() ? "TIMED_OUT" : b.failure() == null ? "OTHER" : b.failure().kind().name();
                String message = b.timedOut() ? "the build did not finish within " + seconds(left.toMillis()) + " and was killed"
                        : b.failure() == null ? "the route failed without a reason" : b.failure().message();
                return new ModelReport.Build(b.timedOut() ? "timed-out" : "failed", r.precision(), route.name(),
                        route.tool(), version, b.device(), b.computeCapability(), b.timedOut() ? null : b.buildMs(), timeoutMs,
                        b.command(), null, null, null, null, kind, message, b.log(), routes);
            }
            String saved = null;
            if (r.saveEngine() != null) {
                try {
                    Path parent = r.saveEngine().toAbsolutePath().getParent();
                    if (parent != null) {
                        Files.createDirectories(parent);
                    }
                    Files.copy(plan, r.saveEngine(), StandardCopyOption.REPLACE_EXISTING);
                    saved = r.saveEngine().toString();
                } catch (IOException | RuntimeException e) {
                    String why = "cannot write " + r.saveEngine() + ": " + e.getMessage();
                    return new ModelReport.Build("failed", r.precision(), route.name(), route.tool(), version,
                            b.device(), b.computeCapability(), ms, timeoutMs, b.command(), null, inputs, outputs,
                            fromPlan ? "plan" : "model", "SAVE", why, List.of(), routes);
                }
            }
            return new ModelReport.Build("passed", r.precision(), route.name(), route.tool(), version,
                    b.device(), b.computeCapability(), ms, timeoutMs, b.command(), saved, inputs, outputs,
                    fromPlan ? "plan" : "model", null, null, null, routes);
        } finally {
            delete(dir);
        }
    }

    // ------------------------------------------------------------------------------------------------ findings

    /** The finding for a build, from its record alone: the table findings of the request may be newer than the build. */
    public static Finding finding(Request r, ModelReport.Build b) {
        return switch (b.result()) {
            case "passed" -> passed(r, b);
            case "not-possible" -> notPossible(r, b.routes());
            default -> failed(r, b);
        };
    }

    private static Finding passed(Request r, ModelReport.Build b) {
        String prec = b.precision().toUpperCase(Locale.ROOT);
        String on = b.device() == null ? "" : " on " + b.device() + (b.computeCapability() == null ? ""
                : " (compute " + b.computeCapability() + ")");
        List<String> evidence = new ArrayList<>();
        evidence.add("ran " + b.command());
        evidence.add("inputs: " + tensors(b.inputs()) + "; outputs: " + tensors(b.outputs())
                + (b.tensorsFrom().equals("plan") ? " (the engine's)" : " (the ONNX graph's; " + b.route()
                + " does not list the engine's at build time)"));
        evidence.add(b.plan() != null ? "plan saved to " + b.plan() : "plan deleted with its temporary folder (--save-engine "
                + "keeps it)");
        b.routes().stream().filter(ModelReport.Route::chosen).forEach(c -> evidence.add("route " + c.name() + ": " + c.why()));
        String explanation = "TensorRT's builder parsed " + r.what() + " and built an engine in " + prec + (b.precision()
                .equals("int8") ? " (without Q/DQ nodes in the model the builder has no calibrated scales: this shows the "
                + "engine builds, not that it is accurate)" : "") + " through " + b.route() + on + ". This is the real "
                + "answer for this machine's TensorRT and GPU; the table check above is the answer from the release's "
                + "documentation.";
        return new Finding(PASSED, Severity.INFO, AREA, "TensorRT " + (b.tensorrt() == null ? "" : b.tensorrt() + " ") + "builds "
                + r.what() + " into an " + prec + " engine in " + ms(b.buildMs()) + " (" + b.route() + on + ")", explanation,
                evidence, List.of());
    }

    private static Finding failed(Request r, ModelReport.Build b) {
        String message = b.failure() == null ? "failed" : b.failure();
        String kind = b.failureKind();
        String command = b.command();
        List<String> log = b.log();
        String version = b.tensorrt();
        Named route = new Named(b.route() == null ? "no route" : b.route());
        String prec = r.precision().toUpperCase(Locale.ROOT);
        String trt = "TensorRT " + (version == null ? "" : version + " ");
        List<String> evidence = new ArrayList<>();
        if (command != null) {
            evidence.add("ran " + command);
        }
        evidence.add(route.name() + " says: " + message);
        log.forEach(l -> evidence.add("log: " + l));
        Optional<String> node = nodeOf(log, message);
        List<Finding> known = r.tableFindings().stream().filter(f -> f.severity() == Severity.ERROR
                && (f.code().equals(TensorrtChecks.OPERATOR) || f.code().equals(TensorrtChecks.OPSET))).toList();
        String title;
        String explanation;
        List<Fix> fixes = new ArrayList<>();
        if ("TIMED_OUT".equals(kind)) {
            title = trt + "did not finish building " + r.what() + " (" + prec + ", " + route.name() + ") within --build-timeout "
                    + seconds(r.timeout().toMillis());
            explanation = "The " + route.name() + " process ran past the deadline and was killed. TensorRT loads its kernel "
                    + "library (gigabytes) before building and times tactics for every layer; a large model, a cold disk "
                    + "or a loaded machine makes that slow, and a GPU in a bad state makes calls hang.";
            fixes.add(Fix.advice("Run again with a longer --build-timeout; if it still hangs, check dmesg for Xid errors and "
                    + "nvidia-smi for the GPU's state, and run gpu-doctor validate to see which layer of the stack is broken.",
                    null));
        } else if ("SAVE".equals(kind)) {
            title = trt + "built " + r.what() + " (" + prec + ", " + route.name() + ") but the plan cannot be kept: " + message;
            explanation = "The build passed; writing the plan to --save-engine " + r.saveEngine() + " failed: " + message + ".";
            fixes.add(Fix.advice("Give --save-engine a path in a folder you can write to.", null));
        } else if ("ONNX_PARSE".equals(kind)) {
            title = "TensorRT" + (version == null ? "" : " " + version) + "'s ONNX parser refuses " + r.what() + node.map(n -> " at " + n).orElse("") + " (" + route.name() + ")";
            explanation = "The parser stopped at the first node it cannot import: " + message + ". The evidence holds the "
                    + "last lines it wrote.";
            known.forEach(f -> fixes.addAll(f.fixes()));
            if (known.isEmpty()) {
                fixes.add(Fix.advice("Export the model again without the refused operator (or at an opset this release "
                        + "imports), or register a TensorRT plugin for it; if the parser refuses even simple models, run "
                        + "gpu-doctor validate: it builds its own test network and tells whether the install is broken.",
                        TensorrtChecks.PLUGIN_DOC));
            } else {
                explanation += " The table check found the same: " + String.join("; ", known.stream().map(Finding::title)
                        .toList()) + ".";
            }
        } else {
            title = trt + "cannot build " + r.what() + " into an " + prec + " engine (" + route.name() + "): "
                    + message.lines().findFirst().orElse(message);
            explanation = "The builder failed: " + message + ". The evidence holds the command and the last lines TensorRT "
                    + "wrote.";
            known.forEach(f -> fixes.addAll(f.fixes()));
            fixes.add(Fix.advice("Run gpu-doctor validate: it builds a small test network with the same TensorRT and tells "
                    + "whether the driver, CUDA, cuDNN or TensorRT layer is broken; if that passes, run the command in the "
                    + "evidence with --verbose for TensorRT's whole log.", INSTALL_DOC));
        }
        return new Finding(FAILED, Severity.ERROR, AREA, title, explanation, evidence, fixes);
    }

    private static Finding notPossible(Request r, List<ModelReport.Route> considered) {
        List<String> evidence = new ArrayList<>();
        evidence.add("TensorRT library: " + (r.libnvinfer() == null ? "none found on this machine"
                : r.libnvinfer() + (r.tensorrtVersion() == null ? "" : " (" + r.tensorrtVersion() + ")")));
        considered.forEach(c -> evidence.add("route " + c.name() + ": " + c.why()));
        String explanation = "Building an engine needs trtexec or TensorRT's Python bindings on this machine; gpu-doctor does "
                + "not bundle the JavaCPP presets. " + String.join("; ", considered.stream().map(c -> c.name() + " " + c.why())
                .toList()) + ".";
        return new Finding(NOT_POSSIBLE, Severity.ERROR, AREA, "Nothing on this machine builds a TensorRT engine: "
                + r.what() + " was not built", explanation, evidence,
                List.of(Fix.advice((r.libnvinfer() == null ? "Install TensorRT with its tools: " : "Install ")
                        + "trtexec (Debian/Ubuntu: the libnvinfer-bin package of the same release as libnvinfer, which puts "
                        + "it in /usr/src/tensorrt/bin) or TensorRT's Python bindings (python3-libnvinfer, or pip's "
                        + "tensorrt-cuXX in a Python environment, named with --python).", INSTALL_DOC)));
    }

    /** A route by name only, for wording a finding from the build's record. */
    private record Named(String name) {
    }

    /** The node the parser names, in its own words: "node 3 (/m/NonZero, operator NonZero)". */
    public static Optional<String> nodeOf(List<String> log, String message) {
        for (String line : Stream.concat(Stream.of(message), log.stream()).toList()) {
            Matcher m = NODE_10.matcher(line);
            if (m.find()) {
                return Optional.of("node " + m.group(1) + " (" + (m.group(2).isEmpty() ? "" : m.group(2) + ", ") + "operator "
                        + m.group(3) + ")");
            }
            m = NODE_8.matcher(line);
            if (m.find()) {
                return Optional.of("node " + m.group(1) + " (operator " + m.group(2) + (m.group(3) == null ? ""
                        : ", output " + m.group(3)) + ")");
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<ModelReport.Value> values(List<PlanSidecar.TensorInfo> ts) {
        return ts.stream().map(t -> new ModelReport.Value(null, t.name(), t.type(), t.shape().stream().map(String::valueOf)
                .toList())).toList();
    }

    static String tensors(List<ModelReport.Value> vs) {
        if (vs.isEmpty()) {
            return "none listed";
        }
        return String.join(", ", vs.stream().map(v -> v.name() + (v.type() == null ? "" : " " + v.type())
                + (v.shape() == null ? "" : " [" + String.join(",", v.shape()) + "]")).toList());
    }

    static String ms(Double ms) {
        if (ms == null) {
            return "an unknown time";
        }
        return ms >= 1000 ? String.format(Locale.ROOT, "%.2f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }

    private static String seconds(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String stem(Path onnx) {
        String name = onnx.getFileName() == null ? "model" : onnx.getFileName().toString();
        return name.toLowerCase(Locale.ROOT).endsWith(".onnx") ? name.substring(0, name.length() - 5) : name;
    }

    private static Duration left(Duration timeout, long startedNanos) {
        Duration left = timeout.minusNanos(System.nanoTime() - startedNanos);
        return left.isNegative() ? Duration.ZERO : left;
    }

    private static Duration min(Duration a, Duration b) {
        Duration m = a.compareTo(b) < 0 ? a : b;
        return m.isZero() ? Duration.ofMillis(1) : m;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // A leftover temporary folder is not worth failing the report over; the OS cleans its temp space.
        }
    }
}
