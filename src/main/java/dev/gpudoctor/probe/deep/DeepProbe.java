package dev.gpudoctor.probe.deep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DeepFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.python.PythonEnvironments;
import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * check --deep: runs each environment's interpreter once per GPU framework it holds (torch,
 * tensorflow, jax, onnxruntime) with a short script that imports the framework, multiplies and
 * convolves on the GPU, and lists the libraries the process mapped. Slow (importing a framework
 * takes seconds), so only on request; a run that hangs or fails is a fact.
 */
public final class DeepProbe implements Probe<DeepFacts> {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final List<String> FRAMEWORKS = List.of("torch", "tensorflow", "jax", "onnxruntime");
    private static final int MESSAGE_LINES = 5;
    private static final int MESSAGE_LENGTH = 300;
    private static final Pattern CUDA_FACING = Pattern.compile(
            "/lib(cudart|cudnn|cublas|cublasLt|nccl|cufft|curand|cusparse|cusparseLt|cusolver|nvrtc|nvJitLink|cupti|cufile"
                    + "|nvinfer|cuda|nvidia-ml|onnxruntime_providers_cuda)[^/]*\\.so[^/]*$|/xla_cuda_plugin\\.so$");

    @Override
    public String name() {
        return "deep";
    }

    @Override
    public DeepFacts probe(ProbeContext ctx) {
        if (!ctx.deep()) {
            return new DeepFacts(Fact.absent("not asked (check --deep)"));
        }
        Fact<List<PythonFacts.PythonEnv>> envs = PythonEnvironments.find(ctx);
        if (!envs.isFound()) {
            return new DeepFacts(envs.withoutValue(envs.why()));
        }
        String script;
        try (InputStream in = DeepProbe.class.getResourceAsStream("deep_probe.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            return new DeepFacts(Fact.failed("the deep probe's script is missing from this build"));
        }
        List<List<String>> argvs = new ArrayList<>();
        List<String[]> who = new ArrayList<>();
        for (PythonFacts.PythonEnv env : envs.value()) {
            String python = interpreter(ctx, env.prefix());
            if (python == null) {
                continue;
            }
            for (String framework : frameworksIn(env)) {
                // One process per framework: the first copy of a library a process maps wins its
                // soname, so a second framework in the same process would report the first one's cuDNN.
                argvs.add(List.of(python, "-c", script, framework));
                who.add(new String[] {env.prefix(), python, framework});
            }
        }
        // The runs share the examination's deadline, so that a hung import is a fact, not a cut-off probe.
        Duration each = argvs.isEmpty() ? TIMEOUT : ctx.bounded(TIMEOUT, 0.8 / argvs.size());
        List<DeepFacts.Run> runs = new ArrayList<>();
        for (int i = 0; i < argvs.size(); i++) {
            CommandResult result = ctx.host().commands().run(argvs.get(i), each);
            runs.add(run(who.get(i)[0], who.get(i)[1], who.get(i)[2], result));
        }
        return new DeepFacts(Fact.found(List.copyOf(runs),
                Evidence.derived("ran the interpreters of the environments with a GPU framework, one framework a process")));
    }

    /** The GPU frameworks the files of an environment show, in a fixed order. */
    static List<String> frameworksIn(PythonFacts.PythonEnv env) {
        List<String> out = new ArrayList<>();
        Map<String, Version> packages = env.packages();
        if (env.torch().isFound() || packages.containsKey("torch")) {
            out.add("torch");
        }
        if (env.tensorflow().isFound() || packages.keySet().stream().anyMatch(p -> p.startsWith("tensorflow") || p.equals("tf-nightly"))) {
            out.add("tensorflow");
        }
        if (packages.containsKey("jax")) {
            out.add("jax");
        }
        if (env.onnxruntime().isFound() || packages.keySet().stream().anyMatch(p -> p.startsWith("onnxruntime"))) {
            out.add("onnxruntime");
        }
        return out;
    }

    /** One process's result as a fact: its JSON answer for the framework, the CUDA libraries it mapped. */
    static DeepFacts.Run run(String environment, String python, String framework, CommandResult result) {
        Fact<JsonNode> json = result.stdoutFact().flatMap(DeepProbe::parse);
        Fact<DeepFacts.Answer> answer = json.flatMap(j -> answer(j.path("frameworks").path(framework)));
        List<String> mapped = new ArrayList<>();
        json.get().ifPresent(j -> j.path("mapped").forEach(m -> {
            if (CUDA_FACING.matcher(m.asText()).find()) {
                mapped.add(m.asText());
            }
        }));
        DeepFacts.Run clean = new DeepFacts.Run(environment, python, framework, answer, mapped, List.of());
        return clean.ranCleanOnGpu() ? clean
                : new DeepFacts.Run(environment, python, framework, answer, mapped, lastLines(result.stderr()));
    }

    private static List<String> lastLines(String stderr) {
        if (stderr == null) {
            return List.of();
        }
        List<String> lines = stderr.lines().map(String::strip).filter(l -> !l.isEmpty())
                .map(l -> l.length() > MESSAGE_LENGTH ? l.substring(0, MESSAGE_LENGTH) + "..." : l).toList();
        return lines.subList(Math.max(0, lines.size() - MESSAGE_LINES), lines.size());
    }

    private static String interpreter(ProbeContext ctx, String prefix) {
        for (String name : List.of("/bin/python3", "/bin/python")) {
            if (ctx.host().files().exists(prefix + name)) {
                return prefix + name;
            }
        }
        return null;
    }

    static Fact<JsonNode> parse(String stdout) {
        String last = stdout.strip().lines().reduce((a, b) -> b).orElse("");
        try {
            JsonNode n = Json.mapper().readTree(last);
            return n != null && n.isObject() ? Fact.found(n) : Fact.failed("the deep probe printed no JSON object");
        } catch (IOException e) {
            return Fact.failed("the deep probe's output is not JSON: " + (last.length() > 120 ? last.substring(0, 120) + "..." : last));
        }
    }

    /** The script's answer for one framework; the cuDNN integers are decoded here, in Version, and nowhere else. */
    static Fact<DeepFacts.Answer> answer(JsonNode a) {
        if (a.isMissingNode()) {
            return Fact.failed("the deep probe gave no answer for this framework");
        }
        if (a.has("error")) {
            return Fact.failed(a.path("error").asText());
        }
        List<String> devices = new ArrayList<>();
        a.path("devices").forEach(d -> devices.add(d.path("name").asText("?")
                + (d.path("capability").isTextual() ? " (" + d.path("capability").asText() + ")" : "")));
        Map<String, Boolean> checks = new LinkedHashMap<>();
        a.path("checks").fields().forEachRemaining(e -> {
            if (e.getValue().isBoolean()) {
                checks.put(e.getKey(), e.getValue().asBoolean());
            }
        });
        List<String> providers = new ArrayList<>();
        a.path("providers").forEach(p -> providers.add(p.asText()));
        String builtForCudnn = text(a, "builtForCudnn");
        if (builtForCudnn == null && a.path("builtForCudnnInt").isInt()) {
            builtForCudnn = Version.fromCudnnInt(a.path("builtForCudnnInt").asInt()).toString();
        }
        return Fact.found(new DeepFacts.Answer(text(a, "version"), text(a, "builtForCuda"), builtForCudnn,
                a.path("cudnn").isInt() && a.path("cudnn").asInt() > 0 ? Version.fromCudnnInt(a.path("cudnn").asInt()) : null,
                a.path("gpuUsable").isBoolean() ? a.path("gpuUsable").asBoolean() : null,
                devices, checks, providers, text(a, "gpuError")));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.path(field);
        return v.isTextual() || v.isNumber() ? v.asText() : null;
    }
}
