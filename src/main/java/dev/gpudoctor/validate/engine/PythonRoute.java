package dev.gpudoctor.validate.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tensorrt Python module route: trt_engine.py (a resource of this package) run by an interpreter
 * that imports tensorrt, one process per request (probe, build, run), each under its deadline. The
 * script answers with one JSON line; TensorRT's own log lines come back in it and are classified as
 * trtexec's are (the same runtime writes them).
 */
public final class PythonRoute implements Route {

    static final int ITERATIONS = 200;
    static final int WARM_UP = 20;
    private static final long MAX_OUTPUT_BYTES = 8L * 1024 * 1024;

    private final CommandRunner runner;
    private final String python;
    private final String script;
    private final String tensorrtVersion;

    PythonRoute(CommandRunner runner, String python, String script, String tensorrtVersion) {
        this.runner = runner;
        this.python = python;
        this.script = script;
        this.tensorrtVersion = tensorrtVersion;
    }

    /** The script, or empty when this build lacks it (then the route is not offered). */
    public static Optional<String> script() {
        try (InputStream in = PythonRoute.class.getResourceAsStream("trt_engine.py")) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** What probing an interpreter found: the route, or why this interpreter cannot be one. */
    public record Probe(PythonRoute route, String why, CommandResult command) {
    }

    /** Asks an interpreter to import tensorrt. */
    public static Probe probe(CommandRunner runner, String python, String script, Duration timeout) {
        ObjectNode req = Json.mapper().createObjectNode().put("mode", "probe");
        CommandResult c = runner.run(List.of(python, "-c", script, oneLine(req)), timeout);
        Answer a = answer(c);
        if (a.json == null) {
            return new Probe(null, a.problem, c);
        }
        if (!a.json.path("ok").asBoolean(false)) {
            return new Probe(null, a.json.path("error").asText("the script gave no reason"), c);
        }
        return new Probe(new PythonRoute(runner, python, script, text(a.json, "tensorrt")), null, c);
    }

    @Override
    public String name() {
        return "python";
    }

    @Override
    public String tool() {
        return python;
    }

    public String tensorrtVersion() {
        return tensorrtVersion;
    }

    @Override
    public Build build(BuildRequest r, Duration timeout) {
        ObjectNode req = Json.mapper().createObjectNode().put("mode", "build").put("onnx", r.onnx().toString())
                .put("plan", r.plan().toString()).put("precision", r.precision())
                .put("hardwareCompatibility", r.hardwareCompatibility() == null ? "none" : r.hardwareCompatibility())
                .put("versionCompatible", r.versionCompatible());
        CommandResult c = runner.run(List.of(python, "-c", script, oneLine(req)), timeout);
        Answer a = answer(c);
        boolean ok = a.ok() && Files.isRegularFile(r.plan());
        List<String> flags = new ArrayList<>();
        if (a.json != null) {
            a.json.path("flags").forEach(f -> flags.add(f.asText()));
        }
        return new Route.Build(ok, c.outcome() == CommandResult.Outcome.TIMED_OUT, display(c, "build " + r.precision()),
                c.elapsedMs(), a.json == null || !a.json.path("buildMs").isNumber() ? null : a.json.path("buildMs").asDouble(),
                a.json == null ? tensorrtVersion : Optional.ofNullable(text(a.json, "tensorrt")).orElse(tensorrtVersion), null,
                null, flags, tensors(a.json, "inputs"), tensors(a.json, "outputs"), ok ? null : failure(c, a),
                a.log(c));
    }

    @Override
    public Run run(RunRequest r, Duration timeout) {
        ObjectNode req = Json.mapper().createObjectNode().put("mode", "run").put("plan", r.plan().toString())
                .put("outputDir", r.workDir().toString()).put("iterations", ITERATIONS).put("warmup", WARM_UP);
        ObjectNode inputs = req.putObject("inputs");
        if (r.input() != null) {
            inputs.put(r.inputName(), r.input().toString());
        }
        CommandResult c = runner.run(List.of(python, "-c", script, oneLine(req)), timeout);
        Answer a = answer(c);
        float[] values = null;
        String problem = null;
        if (a.ok() && r.input() != null) {
            JsonNode o = null;
            for (JsonNode x : a.json.path("outputs")) {
                if (TestNetwork.OUTPUT.equals(x.path("name").asText())) {
                    o = x;
                }
            }
            if (o == null) {
                problem = "the engine has no output named " + TestNetwork.OUTPUT;
            } else if (!o.path("dtype").asText().equals("FLOAT")) {
                problem = "output " + TestNetwork.OUTPUT + " is " + o.path("dtype").asText() + ", not FLOAT";
            } else {
                values = floats(Path.of(o.path("file").asText()));
                if (values == null) {
                    problem = "cannot read the output file " + o.path("file").asText();
                }
            }
        }
        return new Route.Run(a.ok(), c.outcome() == CommandResult.Outcome.TIMED_OUT, display(c, "run " + r.plan()),
                c.elapsedMs(), a.json == null ? tensorrtVersion : Optional.ofNullable(text(a.json, "tensorrt"))
                .orElse(tensorrtVersion), null, null, a.ok() ? timing(a.json.path("latencyMs")) : null, null,
                a.ok() && a.json.path("throughputQps").isNumber() ? a.json.path("throughputQps").asDouble() : null, values,
                problem, a.json == null ? null : text(a.json, "memory"), a.ok() ? null : failure(c, a), a.log(c));
    }

    // ---------------------------------------------------------------------------------------------

    /** The script's answer: its JSON, or why there is none. */
    private record Answer(JsonNode json, String problem) {
        boolean ok() {
            return json != null && json.path("ok").asBoolean(false);
        }

        List<String> log(CommandResult c) {
            List<String> out = new ArrayList<>();
            if (json != null) {
                json.path("log").forEach(l -> out.add(l.asText()));
            }
            if (out.isEmpty()) {
                out.addAll(TrtexecRoute.tail(c));
            }
            return out;
        }
    }

    private static Answer answer(CommandResult c) {
        if (c.outcome() != CommandResult.Outcome.EXITED) {
            return new Answer(null, c.why());
        }
        String last = c.stdout() == null ? "" : c.stdout().strip().lines().reduce((x, y) -> y).orElse("");
        try {
            JsonNode n = last.isEmpty() ? null : Json.mapper().readTree(last);
            if (n != null && n.isObject()) {
                return new Answer(n, null);
            }
        } catch (IOException e) {
            // Below: not the script's answer.
        }
        String err = c.stderr() == null ? "" : c.stderr().strip();
        return new Answer(null, "exited " + c.exitCode() + " without an answer" + (err.isEmpty() ? ""
                : ": " + err.lines().reduce((x, y) -> y).orElse("")));
    }

    private static TrtexecLog.Failure failure(CommandResult c, Answer a) {
        if (c.outcome() == CommandResult.Outcome.TIMED_OUT) {
            return new TrtexecLog.Failure(TrtexecLog.Kind.OTHER, "did not finish within " + Math.round(c.elapsedMs())
                    + " ms and was killed", null, null);
        }
        if (a.json == null) {
            return new TrtexecLog.Failure(TrtexecLog.Kind.OTHER, a.problem, null, null);
        }
        List<String> errors = new ArrayList<>();
        a.json.path("log").forEach(l -> {
            String s = l.asText();
            if (s.startsWith("[E] ")) {
                errors.add(s.substring(4));
            }
        });
        TrtexecLog.Failure f = TrtexecLog.classify(errors);
        String said = a.json.path("error").asText("");
        if (f != null && f.kind() != TrtexecLog.Kind.OTHER) {
            return f;
        }
        if (said.contains("ONNX parser") || errors.stream().anyMatch(e -> e.startsWith("ONNX parser:"))) {
            return new TrtexecLog.Failure(TrtexecLog.Kind.ONNX_PARSE, errors.isEmpty() ? said : errors.get(0), null, null);
        }
        return new TrtexecLog.Failure(TrtexecLog.Kind.OTHER, f != null ? said + ": " + f.message() : said, null, null);
    }

    private static TrtexecLog.Timing timing(JsonNode t) {
        if (!t.isObject()) {
            return null;
        }
        Map<String, Double> pct = new LinkedHashMap<>();
        t.path("percentiles").fields().forEachRemaining(e -> {
            if (e.getValue().isNumber()) {
                pct.put(e.getKey(), e.getValue().asDouble());
            }
        });
        return new TrtexecLog.Timing(number(t, "min"), number(t, "max"), number(t, "mean"), number(t, "median"), pct);
    }

    private static List<PlanSidecar.TensorInfo> tensors(JsonNode json, String field) {
        List<PlanSidecar.TensorInfo> out = new ArrayList<>();
        if (json != null) {
            for (JsonNode t : json.path(field)) {
                List<Long> shape = new ArrayList<>();
                t.path("shape").forEach(d -> shape.add(d.asLong()));
                out.add(new PlanSidecar.TensorInfo(t.path("name").asText(), t.path("type").asText(), shape));
            }
        }
        return out;
    }

    private static float[] floats(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_OUTPUT_BYTES || Files.size(file) % 4 != 0) {
                return null;
            }
            ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            b.asFloatBuffer().get(f);
            return f;
        } catch (IOException e) {
            return null;
        }
    }

    private static Double number(JsonNode n, String field) {
        return n.path(field).isNumber() ? n.path(field).asDouble() : null;
    }

    private static String text(JsonNode n, String field) {
        return n.path(field).isTextual() ? n.path(field).asText() : null;
    }

    /** The command as people read it: the script is long, so its request stands for it. */
    private String display(CommandResult c, String what) {
        return python + " -c <trt_engine.py> (" + what + ")";
    }

    private static String oneLine(ObjectNode n) {
        try {
            return Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write the request", e);
        }
    }
}
