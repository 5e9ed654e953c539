package dev.gpudoctor.model.onnx;

import static dev.gpudoctor.model.ProtoOutput.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.RootedFiles;
import dev.gpudoctor.model.ModelFileException;
import dev.gpudoctor.model.ModelFixtures;
import dev.gpudoctor.model.ProtoInput;
import dev.gpudoctor.model.tf.TfWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader gives back what OnnxWriter wrote (round trips), reads what onnx's own Python helpers
 * write (subgraphs, typed data fields, other domains), and refuses damaged files with a message
 * naming the file and the field, never an exception of its own or a large allocation.
 */
class OnnxReaderTest {

    @TempDir
    Path tmp;

    @Test
    void theConvNetRoundTrips() throws Exception {
        OnnxModel written = OnnxWriterTest.convNet();
        OnnxModel read = OnnxReader.read(OnnxWriter.write(written), "convnet.onnx", true).model();
        assertThat(read.irVersion()).isEqualTo(8);
        assertThat(read.opsets()).containsExactly(new OnnxModel.Opset("", 13));
        assertThat(read.producer()).isEqualTo("gpu-doctor");
        assertThat(read.producerVersion()).isEqualTo("test");
        assertThat(read.graph().name()).isEqualTo("convnet");
        assertThat(read.graph().nodes()).isEqualTo(written.graph().nodes());
        assertThat(read.graph().inputs()).isEqualTo(written.graph().inputs());
        assertThat(read.graph().outputs()).isEqualTo(written.graph().outputs());
        assertThat(read.graph().initializers()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            OnnxModel.Tensor a = written.graph().initializers().get(i);
            OnnxModel.Tensor b = read.graph().initializers().get(i);
            assertThat(b.name()).isEqualTo(a.name());
            assertThat(b.type()).isEqualTo(a.type());
            assertThat(b.dims()).isEqualTo(a.dims());
            assertThat(Arrays.equals(b.rawData(), a.rawData())).as(a.name() + " raw data").isTrue();
        }
    }

    /** A detector as older exporters write one: a weight listed among the inputs, a named batch, an unknown dim. */
    @Test
    void theDetectorsInterfaceAndWeights() throws Exception {
        OnnxFile f = OnnxReader.read(ModelFixtures.writeDetector(tmp));
        assertThat(f.model().graph().inputs()).extracting(OnnxModel.ValueInfo::name).containsExactly("images", "w");
        assertThat(f.model().graph().inputs().get(0).shape()).extracting(OnnxModel.Dim::toString)
                .containsExactly("batch", "3", "16", "16");
        assertThat(f.model().graph().outputs().get(1).shape()).extracting(OnnxModel.Dim::toString).containsExactly("2", "?");
        assertThat(f.model().graph().outputs().get(1).type()).isEqualTo(OnnxModel.ElementType.INT64);
        assertThat(f.weights()).extracting(OnnxFile.Weight::name, OnnxFile.Weight::storedBytes, OnnxFile.Weight::expectedBytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("w", 432L, 432L), org.assertj.core.groups.Tuple.tuple("fc", 32L, 32L),
                        org.assertj.core.groups.Tuple.tuple("threshold", 4L, 4L));
        assertThat(f.model().graph().initializers()).allSatisfy(t -> assertThat(t.rawData()).as("not kept unless asked").isNull());
        assertThat(f.model().graph().nodes()).extracting(OnnxModel.Node::opType).contains("NonZero", "Conv");
    }

    @Test
    void externalDataIsNamedNotLoaded() throws Exception {
        OnnxFile f = OnnxReader.read(ModelFixtures.writeExternal(tmp, 160));
        assertThat(f.weights()).allSatisfy(w -> assertThat(w.isExternal()).isTrue());
        assertThat(f.weights().get(1).externalData()).containsEntry("location", "external.onnx.data")
                .containsEntry("offset", "128").containsEntry("length", "32");
        assertThat(f.weights()).extracting(OnnxFile.Weight::storedBytes).containsOnly(0L);
    }

    /**
     * onnx's helpers (Debian's python3-onnx) write what OnnxWriter does not: an If node's branch
     * graphs, a weight in float_data, an operator of another domain and a local function.
     */
    @Test
    void readsWhatOnnxsOwnHelpersWrite() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "a python3 at /usr/bin/python3");
        ExecCommandRunner runner = new ExecCommandRunner(Map.of("PATH", "/usr/bin:/bin"), new RootedFiles(Path.of("/")));
        assumeTrue(runner.run(List.of(python.toString(), "-c", "import onnx"), Duration.ofSeconds(30)).succeeded(),
                "python3 -c 'import onnx' (Debian: python3-onnx)");
        Path file = tmp.resolve("branchy.onnx");
        String script = String.join("\n",
                "import sys, onnx",
                "from onnx import helper, TensorProto",
                "then = helper.make_graph([helper.make_node('Relu', ['x'], ['t'])], 'then', [],",
                "    [helper.make_tensor_value_info('t', TensorProto.FLOAT, [2])])",
                "other = helper.make_graph([helper.make_node('Neg', ['x'], ['e']), helper.make_node('Abs', ['e'], ['e2'])], 'else', [],",
                "    [helper.make_tensor_value_info('e2', TensorProto.FLOAT, [2])])",
                "nodes = [helper.make_node('If', ['cond'], ['y'], then_branch=then, else_branch=other, name='branch'),",
                "         helper.make_node('FastGelu', ['y'], ['z'], domain='com.microsoft', name='gelu'),",
                "         helper.make_node('Double', ['z'], ['out'], domain='local', name='twice')]",
                "fn = helper.make_function('local', 'Double', ['a'], ['b'], [helper.make_node('Add', ['a', 'a'], ['b'])],",
                "    [helper.make_opsetid('', 13)])",
                "x = helper.make_tensor('x', TensorProto.FLOAT, [2], [1.0, -2.0])",
                "h = helper.make_tensor('h', TensorProto.FLOAT16, [3], [1.0, 2.0, 3.0])",
                "b = helper.make_tensor('b', TensorProto.BOOL, [2], [True, False])",
                "g = helper.make_graph(nodes, 'main', [helper.make_tensor_value_info('cond', TensorProto.BOOL, [])],",
                "    [helper.make_tensor_value_info('out', TensorProto.FLOAT, [2])], [x, h, b])",
                "m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 13), helper.make_opsetid('com.microsoft', 1),",
                "    helper.make_opsetid('local', 1)], functions=[fn], producer_name='onnx-helper')",
                "onnx.save(m, sys.argv[1])");
        CommandResult r = runner.run(List.of(python.toString(), "-c", script, file.toString()), Duration.ofSeconds(60));
        assumeTrue(r.succeeded(), "this onnx has helper.make_function: " + r.stderr());
        OnnxFile f = OnnxReader.read(file);
        assertThat(f.model().producer()).isEqualTo("onnx-helper");
        assertThat(f.model().opsets()).extracting(OnnxModel.Opset::domain).containsExactly("", "com.microsoft", "local");
        assertThat(f.model().graph().nodes()).extracting(OnnxModel.Node::domain, OnnxModel.Node::opType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("", "If"),
                        org.assertj.core.groups.Tuple.tuple("com.microsoft", "FastGelu"),
                        org.assertj.core.groups.Tuple.tuple("local", "Double"));
        // make_node writes attributes sorted by name: else_branch before then_branch.
        assertThat(f.subgraphNodes()).extracting(n -> n.owner() + ":" + n.node().opType())
                .containsExactly("branch.else_branch:Neg", "branch.else_branch:Abs", "branch.then_branch:Relu");
        assertThat(f.functions()).singleElement().satisfies(fn -> {
            assertThat(fn.domain()).isEqualTo("local");
            assertThat(fn.name()).isEqualTo("Double");
            assertThat(fn.nodes()).extracting(OnnxModel.Node::opType).containsExactly("Add");
        });
        // make_tensor without raw=True puts the values in the typed fields: 2 floats in float_data, and
        // a float16 or a bool in a whole int32_data entry each, which still stand for 2 and 1 bytes.
        assertThat(f.weights()).extracting(OnnxFile.Weight::name, OnnxFile.Weight::storedBytes, OnnxFile.Weight::expectedBytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x", 8L, 8L), org.assertj.core.groups.Tuple.tuple("h", 6L, 6L),
                        org.assertj.core.groups.Tuple.tuple("b", 2L, 2L));
    }

    @Test
    void anEmptyFileIsRefused() {
        assertThatThrownBy(() -> OnnxReader.read(new byte[0], "empty.onnx", false)).isInstanceOf(ModelFileException.class)
                .hasMessage("empty.onnx: empty file, not an ONNX model");
    }

    /** Every prefix of a real model either reads (a prefix can end at a field's end) or is refused in words. */
    @Test
    void everyTruncationIsReadOrRefusedInWords() {
        byte[] full = OnnxWriter.write(ModelFixtures.detector());
        int refused = 0;
        for (int n = 1; n < full.length; n++) {
            try {
                OnnxReader.read(Arrays.copyOf(full, n), "cut.onnx", false);
            } catch (ModelFileException e) {
                refused++;
                assertThat(e.getMessage()).startsWith("cut.onnx: ").doesNotContain("Exception");
            }
        }
        assertThat(refused).isGreaterThan(full.length / 2);
        assertThatThrownBy(() -> OnnxReader.read(Arrays.copyOf(full, full.length - 3), "cut.onnx", false))
                .hasMessageContaining("(truncated?)");
    }

    @Test
    void randomBytesAreNotAModel() {
        byte[] noise = new byte[4096];
        new Random(11).nextBytes(noise);
        assertThatThrownBy(() -> OnnxReader.read(noise, "noise.onnx", false)).isInstanceOf(ModelFileException.class)
                .hasMessageStartingWith("noise.onnx: not a readable ONNX model: ");
    }

    /** A TensorFlow GraphDef handed to the ONNX reader: its field 1 is a node (bytes), ONNX's a number. */
    @Test
    void aGraphDefIsNotAnOnnxModel() {
        byte[] graphDef = TfWriter.graphDef(ModelFixtures.frozenGraphNodes());
        assertThatThrownBy(() -> OnnxReader.read(graphDef, "frozen_graph.pb", false))
                .hasMessage("frozen_graph.pb: not a readable ONNX model: ir_version (field 1) has wire type 2, not 0 (at byte 1)");
    }

    /** A 60-byte file that claims a 2 GB weight: refused from the length, nothing allocated for it. */
    @Test
    void aHugeClaimedLengthIsRefusedBeforeAllocating() throws Exception {
        byte[] tensor = message(t -> {
            t.writeString(8, "w");
            t.writeTag(9, 2);
            t.writeUInt32NoTag(Integer.MAX_VALUE - 8);
        });
        byte[] model = message(m -> {
            m.writeInt64(1, 8);
            m.writeTag(7, 2);
            m.writeUInt32NoTag(tensor.length + 2);
            m.writeTag(5, 2);
            m.writeUInt32NoTag(tensor.length);
            m.writeRawBytes(tensor);
        });
        assertThatThrownBy(() -> OnnxReader.read(model, "claims.onnx", true))
                .hasMessageContaining("a length of 2147483639 bytes where").hasMessageContaining("graph.initializer[0]");
    }

    /** If branches inside If branches, 40 deep: refused by the reader's own bound, not a StackOverflowError. */
    @Test
    void subgraphsNestedTooDeepAreRefused() throws Exception {
        byte[] graph = message(g -> g.writeByteArray(1, message(n -> n.writeString(4, "Relu"))));
        for (int i = 0; i < 40; i++) {
            byte[] inner = graph;
            byte[] node = message(n -> {
                n.writeString(4, "If");
                n.writeByteArray(5, message(a -> {
                    a.writeString(1, "then_branch");
                    a.writeByteArray(6, inner);
                    a.writeInt32(20, 5);
                }));
            });
            graph = message(g -> g.writeByteArray(1, node));
        }
        byte[] top = graph;
        byte[] model = message(m -> {
            m.writeInt64(1, 8);
            m.writeByteArray(7, top);
        });
        assertThatThrownBy(() -> OnnxReader.read(model, "deep.onnx", false)).isInstanceOf(ModelFileException.class)
                .hasMessageContaining("nested more than");
    }

    @Test
    void aModelWithoutAGraphIsRefused() throws Exception {
        byte[] model = message(m -> {
            m.writeInt64(1, 8);
            m.writeString(2, "exporter");
        });
        assertThatThrownBy(() -> OnnxReader.read(model, "nograph.onnx", false))
                .hasMessageContaining("no graph (ModelProto field 7)");
        assertThat(ProtoInput.MAX_DEPTH).isGreaterThan(16);
    }
}
