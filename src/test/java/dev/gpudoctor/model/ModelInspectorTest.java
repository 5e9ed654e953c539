package dev.gpudoctor.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.model.tf.TfWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What model inspect says of each kind of file: the frozen graph's and the SavedModel's tensor names
 * in name:0 form with the tf2onnx command for each, the ONNX model's opsets, interface, operators
 * and weights, external data checked on disk.
 */
class ModelInspectorTest {

    static Matrix matrix;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        matrix = MatrixLoader.bundled();
    }

    @Test
    void aFrozenGraphsInterfaceAndItsTf2onnxCommand() throws Exception {
        Path graph = ModelFixtures.writeFrozenGraph(tmp);
        ModelInspector.Inspection i = ModelInspector.inspect(graph, matrix, Optional.empty());
        ModelReport.TensorFlow tf = i.model().tensorflow();
        assertThat(tf.inputs()).extracting(ModelReport.Value::name, ModelReport.Value::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x:0", "float32"), org.assertj.core.groups.Tuple.tuple("mask:0", "int32"));
        assertThat(tf.inputs().get(0).shape()).containsExactly("?", "4");
        assertThat(tf.inputs().get(1).shape()).as("rank unknown").isNull();
        // y is ordered before the NoOp (^y) but read by nothing: an output; the Assert and NoOp are not.
        assertThat(tf.outputs()).extracting(ModelReport.Value::name).containsExactly("y:0", "masked:0");
        assertThat(i.model().conversion().argv()).containsExactly("python", "-m", "tf2onnx.convert", "--graphdef", graph.toString(),
                "--inputs", "x:0,mask:0", "--outputs", "y:0,masked:0", "--output", "frozen_graph.onnx", "--opset", "15");
        assertThat(i.model().conversion().opsetReason()).isEqualTo("tf2onnx's default (tested with 14 to 18)");
        assertThat(i.model().conversion().sources()).containsExactly("https://github.com/onnx/tensorflow-onnx/blob/main/README.md");
        assertThat(i.model().notes()).anyMatch(n -> n.startsWith("input mask:0 has no known rank"));
        assertThat(i.findings()).isEmpty();
    }

    @Test
    void aSavedModelsSignatureAndItsTf2onnxCommand() throws Exception {
        Path folder = ModelFixtures.writeSavedModel(tmp);
        ModelInspector.Inspection i = ModelInspector.inspect(folder, matrix, Optional.empty());
        ModelReport.TensorFlow tf = i.model().tensorflow();
        assertThat(tf.signature()).isEqualTo("serving_default");
        assertThat(tf.inputs()).extracting(ModelReport.Value::key, ModelReport.Value::name)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x", "serving_default_x:0"));
        assertThat(tf.outputs()).extracting(ModelReport.Value::name)
                .containsExactly("StatefulPartitionedCall:0", "StatefulPartitionedCall:1");
        assertThat(i.model().conversion().command()).isEqualTo("python -m tf2onnx.convert --saved-model " + folder
                + " --tag serve --signature_def serving_default --output classifier.onnx --opset 15");
        assertThat(i.findings()).isEmpty();
    }

    /** The same SavedModel's saved_model.pb given alone: the command still names the folder, and says why. */
    @Test
    void aSavedModelPbGivenAlone() throws Exception {
        Path folder = ModelFixtures.writeSavedModel(tmp);
        ModelInspector.Inspection i = ModelInspector.inspect(folder.resolve("saved_model.pb"), matrix, Optional.empty());
        assertThat(i.model().conversion().argv()).containsSequence("--saved-model", folder.toString());
        assertThat(i.findings()).extracting(Finding::code).containsExactly("model.saved-model-pb-alone");
        deleteTree(folder.resolve("variables"));
        assertThat(ModelInspector.inspect(folder, matrix, Optional.empty()).findings()).extracting(Finding::code)
                .containsExactly("model.saved-model-no-variables");
    }

    /** With a TensorRT release named, the opset is what both its parser and tf2onnx handle. */
    @Test
    void theOpsetFollowsTheTensorrtReleaseWhenOneIsNamed() throws Exception {
        Path graph = ModelFixtures.writeFrozenGraph(tmp);
        ModelReport.Conversion for86 = ModelInspector.inspect(graph, matrix, Optional.of(Version.of("8.6.1"))).model().conversion();
        assertThat(for86.opset()).isEqualTo(17);
        assertThat(for86.opsetReason()).isEqualTo("TensorRT 8.6 imports ONNX opsets up to 17; tf2onnx (tested with 14 to 18)");
        assertThat(for86.sources().get(0)).contains("66b2536545b89bf1388c8255a366cad14eff952a");
        ModelReport.Conversion for1015 = ModelInspector.inspect(graph, matrix, Optional.of(Version.of("10.15"))).model().conversion();
        assertThat(for1015.opset()).isEqualTo(18);
        assertThat(for1015.opsetReason()).startsWith("the newest opset tf2onnx is tested with (tested with 14 to 18); TensorRT 10.15");
        ModelReport.Conversion for80 = ModelInspector.inspect(graph, matrix, Optional.of(Version.of("8.0"))).model().conversion();
        assertThat(for80.opset()).isEqualTo(13);
        assertThat(for80.opsetReason()).contains("below tf2onnx's tested range");
        ModelReport.Conversion for103 = ModelInspector.inspect(graph, matrix, Optional.of(Version.of("10.3"))).model().conversion();
        assertThat(for103.opset()).isEqualTo(15);
        assertThat(for103.opsetReason()).contains("the matrix has no ONNX table for TensorRT 10.3");
    }

    @Test
    void anOnnxModelsOpsetsInterfaceOperatorsAndWeights() throws Exception {
        ModelInspector.Inspection i = ModelInspector.inspect(ModelFixtures.writeDetector(tmp), matrix, Optional.empty());
        ModelReport.Onnx o = i.model().onnx();
        assertThat(o.irVersion()).isEqualTo(7);
        assertThat(o.opsets()).containsExactly(new ModelReport.Opset("ai.onnx", 13));
        assertThat(o.inputs()).extracting(ModelReport.Value::name).as("w is an initializer, not an input").containsExactly("images");
        assertThat(o.initializerInputs()).isEqualTo(1);
        assertThat(o.inputs().get(0).shape()).containsExactly("batch", "3", "16", "16");
        assertThat(o.outputs()).extracting(ModelReport.Value::name, ModelReport.Value::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("scores", "float"),
                        org.assertj.core.groups.Tuple.tuple("detections", "int64"));
        assertThat(o.outputs().get(1).shape()).containsExactly("2", "?");
        assertThat(o.operators()).extracting(ModelReport.OperatorCount::qualified).hasSize(8).contains("ai.onnx::NonZero");
        assertThat(o.weights().count()).isEqualTo(3);
        assertThat(o.weights().bytes()).isEqualTo(432 + 32 + 4);
        assertThat(i.model().conversion()).isNull();
        assertThat(i.findings()).isEmpty();
    }

    @Test
    void externalDataPresentMissingAndShort() throws Exception {
        ModelInspector.Inspection ok = ModelInspector.inspect(ModelFixtures.writeExternal(tmp, 160), matrix, Optional.empty());
        assertThat(ok.model().onnx().weights().externalFiles()).singleElement().satisfies(f -> {
            assertThat(f.location()).isEqualTo("external.onnx.data");
            assertThat(f.tensors()).isEqualTo(2);
            assertThat(f.bytesNeeded()).isEqualTo(160);
            assertThat(f.bytesOnDisk()).isEqualTo(160L);
            assertThat(f.problem()).isNull();
        });
        assertThat(ok.findings()).isEmpty();
        Path shortDir = Files.createDirectories(tmp.resolve("short"));
        List<Finding> shortData = ModelInspector.inspect(ModelFixtures.writeExternal(shortDir, 150), matrix, Optional.empty()).findings();
        assertThat(shortData).extracting(Finding::code, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("model.external-data-short", Severity.ERROR));
        assertThat(shortData.get(0).evidence().get(0)).contains("holds 150 bytes where the tensors need 160");
        Path missingDir = Files.createDirectories(tmp.resolve("missing"));
        assertThat(ModelInspector.inspect(ModelFixtures.writeExternal(missingDir, -1), matrix, Optional.empty()).findings())
                .extracting(Finding::code).containsExactly("model.external-data-missing");
    }

    /** A weight whose raw bytes do not fill its shape (a damaged export). */
    @Test
    void aWeightShorterThanItsShape() throws Exception {
        var m = ModelFixtures.detector();
        var ts = new java.util.ArrayList<>(m.graph().initializers());
        var fc = ts.get(1);
        ts.set(1, new dev.gpudoctor.model.onnx.OnnxModel.Tensor(fc.name(), fc.type(), fc.dims(), java.util.Arrays.copyOf(fc.rawData(), 20),
                null));
        var damaged = new dev.gpudoctor.model.onnx.OnnxModel(m.irVersion(), m.opsets(), m.producer(), m.producerVersion(),
                new dev.gpudoctor.model.onnx.OnnxModel.Graph(m.graph().name(), m.graph().nodes(), ts, m.graph().inputs(), m.graph().outputs()));
        Path f = Files.write(tmp.resolve("damaged.onnx"), dev.gpudoctor.model.onnx.OnnxWriter.write(damaged));
        List<Finding> findings = ModelInspector.inspect(f, matrix, Optional.empty()).findings();
        assertThat(findings).extracting(Finding::code).containsExactly("model.weight-size-mismatch");
        assertThat(findings.get(0).evidence()).containsExactly("fc (float [4, 2]: 32 bytes expected, 20 stored)");
    }

    /** An external data location with a NUL (found by the property test): a damaged location, said as such. */
    @Test
    void anExternalLocationWithANul() throws Exception {
        var m = ModelFixtures.detector();
        var ts = new java.util.ArrayList<>(m.graph().initializers());
        var fc = ts.get(1);
        ts.set(1, new dev.gpudoctor.model.onnx.OnnxModel.Tensor(fc.name(), fc.type(), fc.dims(), null,
                java.util.Map.of("location", "w.b\0n", "length", "32")));
        var damaged = new dev.gpudoctor.model.onnx.OnnxModel(m.irVersion(), m.opsets(), m.producer(), m.producerVersion(),
                new dev.gpudoctor.model.onnx.OnnxModel.Graph(m.graph().name(), m.graph().nodes(), ts, m.graph().inputs(), m.graph().outputs()));
        Path f = Files.write(tmp.resolve("nul.onnx"), dev.gpudoctor.model.onnx.OnnxWriter.write(damaged));
        ModelInspector.Inspection i = ModelInspector.inspect(f, matrix, Optional.empty());
        assertThat(i.model().onnx().weights().externalFiles()).singleElement()
                .satisfies(e -> assertThat(e.problem()).contains("NUL"));
        assertThat(i.findings()).extracting(Finding::code).containsExactly("model.external-data-missing");
    }

    /** A GraphDef with variables is not frozen; one whose every node is consumed has no output to name. */
    @Test
    void unfrozenAndOutputlessGraphs() throws Exception {
        Path unfrozen = Files.write(tmp.resolve("unfrozen.pb"), TfWriter.graphDef(List.of(
                TfWriter.Node.placeholder("x", TfWriter.DT_FLOAT, -1, 2),
                TfWriter.Node.op("w", "VariableV2"),
                TfWriter.Node.op("w/read", "Identity", "w"),
                TfWriter.Node.op("y", "MatMul", "x", "w/read"))));
        ModelInspector.Inspection i = ModelInspector.inspect(unfrozen, matrix, Optional.empty());
        assertThat(i.findings()).extracting(Finding::code).containsExactly("model.graphdef-not-frozen");
        assertThat(i.model().tensorflow().outputs()).extracting(ModelReport.Value::name).containsExactly("y:0");
        Path loop = Files.write(tmp.resolve("loop.pb"), TfWriter.graphDef(List.of(
                TfWriter.Node.op("a", "Identity", "b"), TfWriter.Node.op("b", "Identity", "a:0"))));
        assertThat(ModelInspector.inspect(loop, matrix, Optional.empty()).findings()).extracting(Finding::code)
                .containsExactly("model.graphdef-no-outputs");
    }

    private static void deleteTree(Path p) throws Exception {
        try (var s = Files.walk(p)) {
            for (Path x : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
