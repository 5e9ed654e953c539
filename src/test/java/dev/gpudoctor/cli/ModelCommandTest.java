package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.model.ModelFixtures;
import dev.gpudoctor.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gpu-doctor model inspect and model check end to end: the printed names and commands, the JSON,
 * the exit codes (0 clean, 1 problems, 2 a file that cannot be read, 3 usage), TensorRT found
 * through the host ports of a mounted root, and refusals in words.
 */
class ModelCommandTest {

    static final String OPS_84 = "https://github.com/onnx/onnx-tensorrt/blob/d2a1cdfbca68212399b59ac235f6618438e16167/docs/operators.md";

    @TempDir
    Path tmp;

    @Test
    void inspectAFrozenGraphPrintsNamesAndTheTf2onnxCommand() throws Exception {
        Path graph = ModelFixtures.writeFrozenGraph(tmp);
        Cli.Run r = Cli.run("model", "inspect", graph.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("(TensorFlow frozen GraphDef, 527 bytes)")
                .contains("      x:0     float32 [?,4]\n      mask:0  int32 shape not stated\n")
                .contains("      y:0\n      masked:0\n")
                .contains("python -m tf2onnx.convert --graphdef " + graph
                        + " --inputs x:0,mask:0 --outputs y:0,masked:0 --output frozen_graph.onnx --opset 15\n");
    }

    @Test
    void inspectASavedModelFolderPrintsTheSignatureAndCommand() throws Exception {
        Path folder = ModelFixtures.writeSavedModel(tmp);
        Cli.Run r = Cli.run("model", "inspect", folder.toString(), "--tensorrt", "8.6");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        assertThat(r.out()).contains("x -> serving_default_x:0  float32 [?,4]")
                .contains("logits -> StatefulPartitionedCall:0  float32 [?,2]")
                .contains("probs -> StatefulPartitionedCall:1   float32 [?,2]")
                .contains("python -m tf2onnx.convert --saved-model " + folder
                        + " --tag serve --signature_def serving_default --output classifier.onnx --opset 17\n")
                .contains("opset 17: TensorRT 8.6 imports ONNX opsets up to 17");
    }

    @Test
    void inspectAnOnnxModelAsJson() throws Exception {
        Cli.Run r = Cli.run("model", "inspect", ModelFixtures.writeDetector(tmp).toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isEqualTo(0);
        JsonNode j = Json.mapper().readTree(r.out());
        assertThat(j.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(j.at("/model/kind").asText()).isEqualTo("onnx");
        assertThat(j.at("/model/onnx/opsets/0/version").asInt()).isEqualTo(13);
        assertThat(j.at("/model/onnx/inputs/0/name").asText()).isEqualTo("images");
        assertThat(j.at("/model/onnx/inputs/0/shape").toString()).isEqualTo("[\"batch\",\"3\",\"16\",\"16\"]");
        assertThat(j.at("/model/onnx/operators").size()).isEqualTo(8);
        assertThat(j.at("/model/onnx/weights/bytes").asLong()).isEqualTo(468);
        assertThat(j.has("tensorrt")).isFalse();
        assertThat(r.err()).isEmpty();
    }

    /** The operator TensorRT 8.4 lacks: exit code 1, the release that adds it, the source of both facts. */
    @Test
    void checkFlagsNonZeroOnTensorrt84() throws Exception {
        Cli.Run r = Cli.run("model", "check", ModelFixtures.writeDetector(tmp).toString(), "--tensorrt", "8.4");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("[\u2717] TensorRT 8.4  1 operator(s) unsupported: NonZero")
                .contains("[\u2717] Operator NonZero (1 node) is not supported by TensorRT 8.4; TensorRT 8.5 supports it"
                        + "  (model.trt-operator-unsupported)")
                .contains(OPS_84).contains("1 problem(s) found.");
        Cli.Run ok = Cli.run("model", "check", ModelFixtures.writeDetector(tmp).toString(), "--tensorrt", "10.8", "--format", "json");
        assertThat(ok.exit()).as(ok.out()).isEqualTo(0);
        assertThat(Json.mapper().readTree(ok.out()).at("/tensorrt/0/table").asText()).isEqualTo("10.8");
    }

    /** The answer is the table's: the same model passes on 8.4 with a matrix whose 8.4 table lists NonZero as supported. */
    @Test
    void theAnswerComesFromTheMatrixInUse() throws Exception {
        Path matrix = tmp.resolve("matrix");
        Files.createDirectories(matrix.resolve("schema"));
        try (var files = Files.walk(Path.of("compat-matrix"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, matrix.resolve(Path.of("compat-matrix").relativize(f).toString()));
            }
        }
        Path yaml = matrix.resolve("tensorrt-onnx.yaml");
        String text = Files.readString(yaml);
        int at = text.indexOf("  - tensorrt: \"8.4\"");
        int next = text.indexOf("  - tensorrt: ", at + 1);
        String entry = text.substring(at, next).replace(", NonZero,", ",").replace("supported: [Abs,", "supported: [NonZero, Abs,");
        Files.writeString(yaml, text.substring(0, at) + entry + text.substring(next));
        Path model = ModelFixtures.writeDetector(tmp);
        Cli.Run edited = Cli.run("model", "check", model.toString(), "--tensorrt", "8.4", "--matrix", matrix.toString());
        assertThat(edited.exit()).as(edited.out() + edited.err()).isEqualTo(0);
        assertThat(edited.out()).doesNotContain("model.trt-operator-unsupported");
    }

    /** TensorRT found the way check finds it, under a mounted root: the dpkg package and the library. */
    @Test
    void checkFindsTensorrtUnderAMountedRoot() throws Exception {
        Path root = tmp.resolve("root");
        Path lib = Files.createDirectories(root.resolve("usr/lib/x86_64-linux-gnu"));
        Files.write(lib.resolve("libnvinfer.so.8.4.3"), new byte[0]);
        Files.createSymbolicLink(lib.resolve("libnvinfer.so.8"), Path.of("libnvinfer.so.8.4.3"));
        Files.createDirectories(root.resolve("var/lib/dpkg"));
        Files.writeString(root.resolve("var/lib/dpkg/status"), "Package: libnvinfer8\nStatus: install ok installed\n"
                + "Architecture: amd64\nVersion: 8.4.3-1+cuda11.6\n");
        Path model = ModelFixtures.writeDetector(tmp);
        Cli.Run r = Cli.run("model", "check", model.toString(), "--root", root.toString());
        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("TensorRT 8.4.3").contains("Operator NonZero (1 node) is not supported by TensorRT 8.4.3");
        Path empty = Files.createDirectories(tmp.resolve("empty-root"));
        Cli.Run none = Cli.run("model", "check", model.toString(), "--root", empty.toString());
        assertThat(none.exit()).isEqualTo(1);
        assertThat(none.out()).contains("No TensorRT to check " + model + " against  (model.trt-not-found)");
    }

    @Test
    void checkOfATensorflowModelSaysToConvertItFirst() throws Exception {
        Path graph = ModelFixtures.writeFrozenGraph(tmp);
        Cli.Run r = Cli.run("model", "check", graph.toString(), "--tensorrt", "10.8");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("gpu-doctor: " + graph + " is a TensorFlow frozen GraphDef, not an ONNX model: model check"
                + " reads ONNX; 'gpu-doctor model inspect " + graph + "' prints the tf2onnx command that converts it\n");
    }

    @Test
    void damagedFilesAreRefusedInWordsWithExitCode2() throws Exception {
        byte[] full = Files.readAllBytes(ModelFixtures.writeDetector(tmp));
        Path cut = Files.write(tmp.resolve("cut.onnx"), java.util.Arrays.copyOf(full, full.length - 40));
        Cli.Run r = Cli.run("model", "inspect", cut.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("gpu-doctor: " + cut + ": not a readable ONNX model: ").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
        Path empty = Files.write(tmp.resolve("empty.onnx"), new byte[0]);
        assertThat(Cli.run("model", "inspect", empty.toString()).err()).isEqualTo("gpu-doctor: " + empty + ": empty file, not a model\n");
    }

    @Test
    void usageErrors() throws Exception {
        Path model = ModelFixtures.writeDetector(tmp);
        assertThat(Cli.run("model").exit()).isEqualTo(3);
        Cli.Run badVersion = Cli.run("model", "check", model.toString(), "--tensorrt", "ten");
        assertThat(badVersion.exit()).isEqualTo(3);
        assertThat(badVersion.err()).contains("--tensorrt ten: not a version");
        assertThat(Cli.run("model", "check", model.toString(), "--tensorrt", "10.8", "--root", tmp.toString()).exit()).isEqualTo(3);
        assertThat(Cli.run("model", "inspect", model.toString(), "--format", "markdown").exit()).isEqualTo(3);
    }
}
