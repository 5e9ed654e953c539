package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.model.ModelBuild;
import dev.gpudoctor.model.ModelFixtures;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.PythonWithOnnx;
import dev.gpudoctor.validate.engine.TestNetwork;
import dev.gpudoctor.validate.reference.SmallCnn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * model check --build end to end with the fake trtexec of the validate tests (src/test/trt/fake_trtexec.py)
 * alone on PATH: it parses the model gpu-doctor hands it, writes a plan, and fails the real ways when told
 * to (FAKE_TRTEXEC_MODE). No real TensorRT or GPU takes part.
 */
class ModelBuildTest {

    static final Path TRT = Path.of("src/test/trt").toAbsolutePath();

    @TempDir
    Path tmp;

    /** The validate ladder's test network (Conv, Relu, MaxPool, Flatten, Gemm), which the fake computes for real. */
    private Path model() throws Exception {
        return Files.write(tmp.resolve("smallcnn.onnx"), TestNetwork.floatModel(SmallCnn.fixed()));
    }

    /** PATH holding only the fake trtexec, run by the interpreter that has numpy and onnx. */
    private Map<String, String> fakeTrtexec(String mode) throws Exception {
        assumeTrue(PythonWithOnnx.find().isPresent(), PythonWithOnnx.NEEDED);
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path t = bin.resolve("trtexec");
        Files.writeString(t, Files.readString(TRT.resolve("fake_trtexec.py"))
                .replaceFirst("^#![^\n]*", "#!" + PythonWithOnnx.find().orElseThrow()));
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = new HashMap<>();
        env.put("PATH", bin.toString());
        env.put("PYTHONPATH", TRT.toString());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("FAKE_TRTEXEC_LOG", tmp.resolve("trtexec-argv.jsonl").toString());
        env.put("FAKE_TRT_VERSION", "10.8.0.43");
        env.put("FAKE_GPU_NAME", "NVIDIA L4");
        env.put("FAKE_GPU_COMPUTE", "8.9");
        if (mode != null) {
            env.put("FAKE_TRTEXEC_MODE", mode);
        }
        return env;
    }

    private List<List<String>> trtexecRuns() throws Exception {
        List<List<String>> out = new ArrayList<>();
        Path log = tmp.resolve("trtexec-argv.jsonl");
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log)) {
                List<String> args = new ArrayList<>();
                Json.mapper().readTree(line).forEach(a -> args.add(a.asText()));
                out.add(args);
            }
        }
        return out;
    }

    /** The real output against the committed schema, docs/model.schema.json. */
    private static void assertValid(String json) throws Exception {
        assertThat(dev.gpudoctor.testing.PublishedSchema.validate(Path.of("docs/model.schema.json"), json)).isEmpty();
    }

    private static JsonNode finding(JsonNode report, String code) {
        for (JsonNode f : report.get("findings")) {
            if (f.get("code").asText().equals(code)) {
                return f;
            }
        }
        throw new AssertionError("no " + code + " in " + report.get("findings"));
    }

    @Test
    void theBuildPassesAndThePlanIsKeptOnlyWhenAsked() throws Exception {
        Path model = model();
        Map<String, String> env = fakeTrtexec(null);
        Path keep = tmp.resolve("out/smallcnn-fp16.plan");
        Cli.Run r = Cli.run(env, "model", "check", model.toString(), "--build", "--precision", "fp16", "--save-engine",
                keep.toString(), "--format", "json");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(0);
        assertValid(r.out());
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.at("/build/result").asText()).isEqualTo("passed");
        assertThat(j.at("/build/route").asText()).isEqualTo("trtexec");
        assertThat(j.at("/build/tensorrt").asText()).isEqualTo("10.8.0");
        assertThat(j.at("/build/device").asText()).isEqualTo("NVIDIA L4");
        assertThat(j.at("/build/plan").asText()).isEqualTo(keep.toString());
        assertThat(j.at("/build/inputs/0/name").asText()).isEqualTo(TestNetwork.INPUT);
        assertThat(j.at("/build/outputs/0/name").asText()).isEqualTo(TestNetwork.OUTPUT);
        assertThat(Files.size(keep)).isPositive();
        // The route's own version answers the table check where the probe found no TensorRT on this machine.
        assertThat(j.at("/tensorrt/0/table").asText()).isEqualTo("10.8");
        JsonNode passed = finding(j, ModelBuild.PASSED);
        assertThat(passed.get("severity").asText()).isEqualTo("info");
        assertThat(passed.get("title").asText()).startsWith("TensorRT 10.8.0 builds " + model + " into an FP16 engine in ")
                .endsWith("(trtexec on NVIDIA L4 (compute 8.9))");
        List<List<String>> runs = trtexecRuns();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0)).contains("--onnx=" + model.toAbsolutePath(), "--fp16", "--skipInference");
        String built = runs.get(0).stream().filter(a -> a.startsWith("--saveEngine=")).findFirst().orElseThrow()
                .substring("--saveEngine=".length());
        assertThat(Path.of(built)).as("the temporary plan is deleted").doesNotExist();
        assertThat(Path.of(built).getParent()).doesNotExist();

        Cli.Run text = Cli.run(env, "model", "check", model.toString(), "--build");
        assertThat(text.exit()).as(text.out() + text.err()).isEqualTo(0);
        assertThat(text.out()).containsPattern("\\[\u2713\\] Engine build +FP32 engine built in ")
                .contains("by trtexec, TensorRT 10.8.0 on NVIDIA L4 (compute 8.9)")
                .contains("plan not kept (--save-engine PLAN keeps it)")
                .contains("(model.build-passed)");
        assertThat(trtexecRuns().get(1)).contains("--noTF32").doesNotContain("--fp16");
    }

    @Test
    void aParserErrorIsReportedInTheParsersWords() throws Exception {
        Path model = model();
        Cli.Run r = Cli.run(fakeTrtexec("parse-error"), "model", "check", model.toString(), "--build", "--format", "json");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertValid(r.out());
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.at("/build/result").asText()).isEqualTo("failed");
        assertThat(j.at("/build/failureKind").asText()).isEqualTo("ONNX_PARSE");
        JsonNode f = finding(j, ModelBuild.FAILED);
        assertThat(f.get("severity").asText()).isEqualTo("error");
        assertThat(f.get("title").asText()).isEqualTo("TensorRT 10.8.0's ONNX parser refuses " + model + " (trtexec)");
        assertThat(f.get("evidence").toString()).contains("importFallbackPluginImporter")
                .contains("Plugin not found, are the plugin name, version, and namespace correct?");
        assertThat(f.at("/fixes/0/summary").asText()).contains("gpu-doctor validate");
        assertThat(r.err()).doesNotContain("Exception");
    }

    @Test
    @Timeout(60)
    void aHungBuildEndsAtTheDeadline() throws Exception {
        Path model = model();
        long t0 = System.nanoTime();
        Cli.Run r = Cli.run(fakeTrtexec("hang-build"), "model", "check", model.toString(), "--build", "--build-timeout", "3");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("build did not finish (trtexec")
                .contains("did not finish building " + model + " (FP32, trtexec) within --build-timeout 3 s")
                .contains("(model.build-failed)");
        assertThat(seconds).isLessThan(40);
    }

    @Test
    void withoutTrtexecOrPythonNothingIsBuilt() throws Exception {
        Path model = model();
        Path empty = Files.createDirectories(tmp.resolve("empty-bin"));
        Cli.Run r = Cli.run(Map.of("PATH", empty.toString()), "model", "check", model.toString(), "--build", "--format", "json");
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertValid(r.out());
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.at("/build/result").asText()).isEqualTo("not-possible");
        assertThat(j.at("/build/routes").size()).isEqualTo(3);
        JsonNode f = finding(j, ModelBuild.NOT_POSSIBLE);
        assertThat(f.get("severity").asText()).isEqualTo("error");
        assertThat(f.get("evidence").toString()).contains("route trtexec: not found on PATH (" + empty + ")")
                .contains("route python: no python3 on PATH").contains("route javacpp: not bundled");
        assertThat(f.at("/fixes/0/summary").asText()).contains("libnvinfer-bin");
    }

    @Test
    void buildIsRefusedForAnotherHost() throws Exception {
        Path model = ModelFixtures.writeDetector(tmp);
        Cli.Run from = Cli.run("model", "check", model.toString(), "--build", "--from", tmp.resolve("bundle.tar.gz").toString());
        assertThat(from.exit()).isEqualTo(3);
        assertThat(from.err()).contains("--build cannot be combined with --from: building needs this machine's TensorRT and GPU");
        assertThat(Cli.run("model", "check", model.toString(), "--build", "--root", tmp.toString()).exit()).isEqualTo(3);
        assertThat(Cli.run("model", "check", model.toString(), "--build", "--tensorrt", "10.8").exit()).isEqualTo(3);
        Cli.Run precision = Cli.run("model", "check", model.toString(), "--build", "--precision", "bf16");
        assertThat(precision.exit()).isEqualTo(3);
        assertThat(precision.err()).contains("--precision bf16: one of fp32, fp16, int8");
        assertThat(Cli.run("model", "check", model.toString(), "--save-engine", tmp.resolve("x.plan").toString()).exit())
                .isEqualTo(3);
    }

    /**
     * The parser's node lines of TensorRT 10 (antgroup/ditto-talkinghead#45: a GridSample3D without its
     * plugin) and TensorRT 8 (ddPn08/Radiata#73: LayerNormalization before 8.6), as those issues quote them.
     */
    @Test
    void theRefusedNodeIsNamed() {
        assertThat(ModelBuild.nodeOf(List.of("In node 11 with name: /dense_motion_network/GridSample and operator: GridSample3D "
                + "(checkFallbackPluginImporter): INVALID_NODE: creator && \"Plugin not found, are the plugin name, version, "
                + "and namespace correct?\""), "x"))
                .contains("node 11 (/dense_motion_network/GridSample, operator GridSample3D)");
        assertThat(ModelBuild.nodeOf(List.of("[E] ModelImporter.cpp:726: While parsing node number 7 [LayerNormalization -> "
                + "\"/text_model/encoder/layers.0/layer_norm1/LayerNormalization_output_0\"]:"), "x"))
                .contains("node 7 (operator LayerNormalization, output "
                        + "/text_model/encoder/layers.0/layer_norm1/LayerNormalization_output_0)");
        assertThat(ModelBuild.nodeOf(List.of("Failed to parse onnx file"), "x")).isEmpty();
    }
}
