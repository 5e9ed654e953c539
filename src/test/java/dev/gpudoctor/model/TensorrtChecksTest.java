package dev.gpudoctor.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.matrix.TensorrtOnnxSupport;
import dev.gpudoctor.model.onnx.OnnxFile;
import dev.gpudoctor.model.onnx.OnnxModel;
import dev.gpudoctor.model.onnx.OnnxReader;
import dev.gpudoctor.model.onnx.OnnxWriter;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An ONNX model against TensorRT releases, with the matrix's tables (compat-matrix/tensorrt-onnx.yaml):
 * an operator a release lacks is an error that names the release that adds it and the source of both
 * facts; the opset range, operators newer than a table, other domains and releases without a table.
 */
class TensorrtChecksTest {

    static final String OPS_84 = "https://github.com/onnx/onnx-tensorrt/blob/d2a1cdfbca68212399b59ac235f6618438e16167/docs/operators.md";
    static final String OPS_85 = "https://github.com/onnx/onnx-tensorrt/blob/0f305925c58b7358ea5caa308b41faed803382a5/docs/operators.md";

    static Matrix matrix;

    @BeforeAll
    static void load() throws Exception {
        matrix = MatrixLoader.bundled();
    }

    static OnnxFile read(OnnxModel m) throws Exception {
        return OnnxReader.read(OnnxWriter.write(m), "m.onnx", false);
    }

    static List<TensorrtChecks.Target> trt(String... versions) {
        return java.util.Arrays.stream(versions).map(v -> new TensorrtChecks.Target(Version.of(v), "--tensorrt " + v)).toList();
    }

    /** The detector's NonZero: TensorRT 8.4's table marks it N; 8.5's is the first that supports it. */
    @Test
    void nonZeroIsAnErrorOnTensorrt84WithTheReleaseThatAddsItAndTheSources() throws Exception {
        TensorrtChecks.Result r = TensorrtChecks.check(read(ModelFixtures.detector()), matrix, trt("8.4.3"), "detector.onnx", null);
        Finding f = r.findings().get(0);
        assertThat(f.code()).isEqualTo("model.trt-operator-unsupported");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.title()).isEqualTo("Operator NonZero (1 node) is not supported by TensorRT 8.4.3 (table 8.4); TensorRT 8.5 supports it");
        assertThat(f.evidence()).contains("NonZero: 1 node [detector.onnx]",
                "NonZero marked N (not supported) for TensorRT 8.4: onnx-tensorrt operators.md for TensorRT 8.4 [" + OPS_84 + "]",
                "NonZero: supported from TensorRT 8.5 on among the releases with tables (8.4, the one before it, lacks it) [" + OPS_85 + "]");
        assertThat(r.targets()).singleElement().satisfies(t -> {
            assertThat(t.table()).isEqualTo("8.4");
            assertThat(t.unsupported()).containsExactly("NonZero");
            assertThat(t.opsetImported()).isTrue();
            assertThat(t.restricted()).containsExactly("Conv");
        });
        assertThat(r.findings()).extracting(Finding::code).containsExactly("model.trt-operator-unsupported", "model.trt-operator-restricted");
    }

    @Test
    void theDetectorImportsOnTensorrt108() throws Exception {
        TensorrtChecks.Result r = TensorrtChecks.check(read(ModelFixtures.detector()), matrix, trt("10.8.0.43"), "detector.onnx", null);
        assertThat(r.findings()).isEmpty();
        assertThat(r.targets()).singleElement().satisfies(t -> {
            assertThat(t.opsets()).isEqualTo("9 to 22");
            assertThat(t.opset()).isEqualTo(13);
            assertThat(t.unsupported()).isEmpty();
            assertThat(t.notListed()).isEmpty();
        });
    }

    /** Opset 23 with RotaryEmbedding (an opset 23 operator): 10.8 imports neither; 10.12 the opset, 10.15 the operator. */
    @Test
    void anOpsetAndAnOperatorNewerThanTheRelease() throws Exception {
        OnnxModel m = new OnnxModel(10, List.of(new OnnxModel.Opset("", 23)), "t", "1", new OnnxModel.Graph("g",
                List.of(OnnxModel.Node.of("rope", "RotaryEmbedding", List.of("x", "cos", "sin"), List.of("y"))),
                List.of(), List.of(OnnxModel.ValueInfo.floats("x", 1, 8, 4, 16)), List.of(OnnxModel.ValueInfo.floats("y", 1, 8, 4, 16))));
        TensorrtChecks.Result r = TensorrtChecks.check(read(m), matrix, trt("10.8"), "rope.onnx", null);
        assertThat(r.findings()).extracting(Finding::code, Finding::severity).containsExactly(
                org.assertj.core.groups.Tuple.tuple("model.trt-opset-unsupported", Severity.ERROR),
                org.assertj.core.groups.Tuple.tuple("model.trt-operator-unlisted", Severity.WARNING));
        assertThat(r.findings().get(0).title()).isEqualTo("ONNX opset 23 is beyond what TensorRT 10.8 imports (9 to 22)");
        assertThat(r.findings().get(0).evidence()).anyMatch(e -> e.startsWith("opset 23: supported from TensorRT 10.12 on"));
        assertThat(r.findings().get(1).evidence()).anyMatch(e -> e.startsWith("RotaryEmbedding: supported from TensorRT 10.15 on"));
        TensorrtChecks.Result on1015 = TensorrtChecks.check(read(m), matrix, trt("10.15"), "rope.onnx", null);
        assertThat(on1015.findings()).extracting(Finding::code).containsExactly("model.trt-operator-restricted");
    }

    /**
     * Other domains need plugins; a call to a local function is not one of them, but its body's
     * operators are checked like the graph's.
     */
    @Test
    void otherDomainsAndLocalFunctions() throws Exception {
        OnnxFile base = read(ModelFixtures.detector());
        OnnxModel.Node gelu = new OnnxModel.Node("gelu", "FastGelu", "com.microsoft", List.of("scores"), List.of("g"), List.of());
        OnnxModel.Node call = new OnnxModel.Node("twice", "Double", "local", List.of("g"), List.of("d"), List.of());
        List<OnnxModel.Node> nodes = new java.util.ArrayList<>(base.model().graph().nodes());
        nodes.add(gelu);
        nodes.add(call);
        OnnxModel m = base.model();
        OnnxFile f = new OnnxFile(new OnnxModel(m.irVersion(), m.opsets(), m.producer(), m.producerVersion(), new OnnxModel.Graph(
                m.graph().name(), nodes, m.graph().initializers(), m.graph().inputs(), m.graph().outputs())), base.weights(), List.of(),
                List.of(new OnnxFile.LocalFunction("local", "Double", List.of(OnnxModel.Node.of("h", "HardSwish", List.of("a"), List.of("b"))))),
                0);
        TensorrtChecks.Result r = TensorrtChecks.check(f, matrix, trt("8.5"), "m.onnx", null);
        // 8.5's table gives Conv no restriction, so nothing else is said.
        assertThat(r.findings()).extracting(Finding::code).containsExactly("model.trt-operator-unsupported", "model.trt-custom-domain");
        assertThat(r.findings().get(0).title()).startsWith("Operator HardSwish (1 node) is not supported by TensorRT 8.5; TensorRT 8.6");
        assertThat(r.findings().get(1).title()).isEqualTo("1 operator(s) outside the default ONNX domain: com.microsoft::FastGelu");
        assertThat(r.targets().get(0).otherDomain()).containsExactly("com.microsoft::FastGelu");
    }

    @Test
    void releasesWithoutATableAndNoTensorrtAtAll() throws Exception {
        OnnxFile f = read(ModelFixtures.detector());
        TensorrtChecks.Result only103 = TensorrtChecks.check(f, matrix, trt("10.3"), "m.onnx", null);
        assertThat(only103.findings()).extracting(Finding::code, Finding::severity)
                .as("nothing was checked: an error").containsExactly(org.assertj.core.groups.Tuple.tuple("model.trt-no-table", Severity.ERROR));
        assertThat(only103.targets().get(0).table()).isNull();
        TensorrtChecks.Result with108 = TensorrtChecks.check(f, matrix, trt("10.3", "10.8"), "m.onnx", null);
        assertThat(with108.findings()).extracting(Finding::code, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("model.trt-no-table", Severity.WARNING));
        TensorrtChecks.Result none = TensorrtChecks.check(f, matrix, List.of(), "m.onnx", "absent: no TensorRT found [this machine]");
        assertThat(none.findings()).extracting(Finding::code, Finding::severity)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("model.trt-not-found", Severity.ERROR));
        assertThat(none.findings().get(0).evidence()).containsExactly("TensorRT: absent: no TensorRT found [this machine]");
    }

    /** The 8.0 table is kept unconfirmed: what it says is shown, never raised as an error. */
    @Test
    void anUnconfirmedTableGivesInformationOnly() throws Exception {
        TensorrtChecks.Result r = TensorrtChecks.check(read(ModelFixtures.detector()), matrix, trt("8.0"), "m.onnx", null);
        assertThat(r.findings()).extracting(Finding::severity).containsOnly(Severity.INFO);
        assertThat(r.targets().get(0).tableConfirmed()).isFalse();
        assertThat(r.targets().get(0).unsupported()).containsExactly("NonZero");
    }

    /** "Added in" is derived from the tables: Mod is N in 8.4 and 8.5 (as the 8.5 table says) and Y from 8.6 on. */
    @Test
    void theReleaseThatAddsAnOperatorIsDerivedFromTheTables() {
        TensorrtChecks.Since mod = TensorrtChecks.since(matrix, t -> t.answer("Mod") == TensorrtOnnxSupport.Answer.SUPPORTED).orElseThrow();
        assertThat(mod.first().tensorrt()).hasToString("8.6");
        assertThat(mod.before().orElseThrow().tensorrt()).hasToString("8.5");
        TensorrtChecks.Since conv = TensorrtChecks.since(matrix, t -> t.answer("Conv") == TensorrtOnnxSupport.Answer.SUPPORTED).orElseThrow();
        assertThat(conv.first().tensorrt()).as("the oldest confirmed table").hasToString("8.4");
        assertThat(conv.before()).isEmpty();
        assertThat(TensorrtChecks.since(matrix, t -> t.answer("SequenceAt") == TensorrtOnnxSupport.Answer.SUPPORTED)).isEmpty();
    }
}
