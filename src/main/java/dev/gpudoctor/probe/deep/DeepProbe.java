package dev.gpudoctor.probe.deep;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.DeepFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.python.PythonEnvironments;
import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * check --deep: runs each environment's interpreter with a short script that imports torch,
 * multiplies and convolves on the GPU, and lists the libraries the process mapped. Slow (importing
 * torch takes seconds), so only on request; a run that hangs or fails is a fact.
 */
public final class DeepProbe implements Probe<DeepFacts> {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CUDA_FACING = Pattern.compile(
            "/lib(cudart|cudnn|cublas|cublasLt|nccl|cufft|curand|cusparse|cusparseLt|cusolver|nvrtc|nvJitLink|cupti|cufile"
                    + "|nvinfer|cuda|nvidia-ml)[^/]*\\.so[^/]*$");

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
        List<DeepFacts.Run> runs = new ArrayList<>();
        for (PythonFacts.PythonEnv env : envs.value()) {
            if (!env.torch().isFound()) {
                continue;
            }
            String python = interpreter(ctx, env.prefix());
            if (python == null) {
                continue;
            }
            var result = ctx.host().commands().run(List.of(python, "-c", script, "torch"), TIMEOUT);
            Fact<JsonNode> json = result.stdoutFact().flatMap(DeepProbe::parse);
            Fact<DeepFacts.Torch> torch = json.flatMap(j -> torch(j.path("frameworks").path("torch")));
            List<String> mapped = new ArrayList<>();
            json.get().ifPresent(j -> j.path("mapped").forEach(m -> {
                if (CUDA_FACING.matcher(m.asText()).find()) {
                    mapped.add(m.asText());
                }
            }));
            runs.add(new DeepFacts.Run(env.prefix(), python, torch, mapped));
        }
        return new DeepFacts(Fact.found(List.copyOf(runs), Evidence.derived("ran the interpreters of the environments with torch")));
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

    static Fact<DeepFacts.Torch> torch(JsonNode t) {
        if (t.isMissingNode()) {
            return Fact.absent("torch was not asked");
        }
        if (t.has("error")) {
            return Fact.failed(t.path("error").asText());
        }
        List<String> devices = new ArrayList<>();
        t.path("devices").forEach(d -> devices.add(d.path("name").asText() + " (" + d.path("capability").asText() + ")"));
        return Fact.found(new DeepFacts.Torch(t.path("version").asText(null),
                t.path("builtForCuda").isNull() ? null : t.path("builtForCuda").asText(null),
                t.path("cudnn").isInt() ? t.path("cudnn").asInt() : null,
                t.path("cudaAvailable").isBoolean() ? t.path("cudaAvailable").asBoolean() : null,
                t.path("deviceCount").isInt() ? t.path("deviceCount").asInt() : null,
                devices.isEmpty() ? null : devices,
                t.path("matmulOk").isBoolean() ? t.path("matmulOk").asBoolean() : null,
                t.path("convOk").isBoolean() ? t.path("convOk").asBoolean() : null));
    }
}
