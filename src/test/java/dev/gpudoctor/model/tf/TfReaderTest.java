package dev.gpudoctor.model.tf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpudoctor.model.ModelFileException;
import dev.gpudoctor.model.ModelFixtures;
import dev.gpudoctor.model.onnx.OnnxWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GraphDef and SavedModel files in TensorFlow's wire format (written by TfWriter with the field
 * numbers of TensorFlow's protos) read back node by node and signature by signature, constants
 * skipped; damaged ones refused in words.
 */
class TfReaderTest {

    @TempDir
    Path tmp;

    @Test
    void aFrozenGraphsNodesInputsAndPlaceholderAttributes() throws Exception {
        TfGraph g = TfReader.readGraphDef(ModelFixtures.writeFrozenGraph(tmp));
        assertThat(g.nodes()).extracting(TfGraph.Node::name).containsExactly("x", "mask", "dense/kernel", "dense/bias",
                "dense/MatMul", "dense/BiasAdd", "y", "probs", "mask_f", "masked", "check", "deps");
        TfGraph.Node x = g.nodes().get(0);
        assertThat(x.op()).isEqualTo("Placeholder");
        assertThat(x.dtype()).isEqualTo(TfWriter.DT_FLOAT);
        assertThat(x.shape().sizes()).containsExactly(-1L, 4L);
        assertThat(x.shape()).hasToString("[?,4]");
        assertThat(g.nodes().get(1).shape().unknownRank()).isTrue();
        assertThat(g.nodes().get(7).inputs()).containsExactly("dense/BiasAdd:0");
        assertThat(g.nodes().get(11).inputs()).containsExactly("^y", "^check");
        assertThat(g.nodes().get(2).dtype()).as("a Const's dtype attribute is read, its value skipped").isEqualTo(TfWriter.DT_FLOAT);
    }

    @Test
    void aSavedModelsMetaGraphAndSignatures() throws Exception {
        SavedModel sm = TfReader.readSavedModel(ModelFixtures.writeSavedModel(tmp).resolve("saved_model.pb"));
        assertThat(sm.schemaVersion()).isEqualTo(1);
        SavedModel.MetaGraph mg = sm.metaGraphs().get(0);
        assertThat(mg.tags()).containsExactly("serve");
        assertThat(mg.tensorflowVersion()).isEqualTo("2.15.0");
        assertThat(mg.graph().nodes()).hasSize(6);
        assertThat(mg.signatures()).extracting(SavedModel.Signature::key).containsExactly("__saved_model_init_op", "serving_default");
        SavedModel.Signature s = mg.signatures().get(1);
        assertThat(s.methodName()).isEqualTo("tensorflow/serving/predict");
        assertThat(s.inputs()).singleElement().satisfies(i -> {
            assertThat(i.key()).isEqualTo("x");
            assertThat(i.tensorName()).isEqualTo("serving_default_x:0");
            assertThat(TfTypes.name(i.dtype())).isEqualTo("float32");
            assertThat(i.shape().sizes()).containsExactly(-1L, 4L);
        });
        assertThat(s.outputs()).extracting(SavedModel.TensorSpec::key, SavedModel.TensorSpec::tensorName)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("logits", "StatefulPartitionedCall:0"),
                        org.assertj.core.groups.Tuple.tuple("probs", "StatefulPartitionedCall:1"));
    }

    @Test
    void dataTypeNamesAreTensorFlows() {
        assertThat(List.of(1, 2, 3, 9, 10, 14, 19, 23, 101).stream().map(TfTypes::name).toList())
                .containsExactly("float32", "float64", "int32", "int64", "bool", "bfloat16", "float16", "uint64", "float32_ref");
        assertThat(TfTypes.name(0)).isEqualTo("DT_INVALID");
        assertThat(TfTypes.name(77)).isEqualTo("DataType 77");
    }

    @Test
    void everyTruncationOfASavedModelIsReadOrRefusedInWords() throws Exception {
        byte[] full = Files.readAllBytes(ModelFixtures.writeSavedModel(tmp).resolve("saved_model.pb"));
        int refused = 0;
        for (int n = 1; n < full.length; n++) {
            try {
                TfReader.readSavedModel(Arrays.copyOf(full, n), "saved_model.pb");
            } catch (ModelFileException e) {
                refused++;
                assertThat(e.getMessage()).startsWith("saved_model.pb: ").doesNotContain("Exception");
            }
        }
        assertThat(refused).isGreaterThan(full.length / 2);
    }

    /** An ONNX model read as a GraphDef: ONNX's ir_version (field 1, a number) is not a node. */
    @Test
    void anOnnxModelIsNotAGraphDef() {
        byte[] onnx = OnnxWriter.write(ModelFixtures.detector());
        assertThatThrownBy(() -> TfReader.readGraphDef(onnx, "detector.onnx"))
                .hasMessage("detector.onnx: not a readable TensorFlow GraphDef: node (field 1) has wire type 0, not 2 (at byte 1)");
    }

    @Test
    void emptyAndNamelessNodesAreRefused() throws Exception {
        assertThatThrownBy(() -> TfReader.readGraphDef(new byte[0], "empty.pb"))
                .hasMessage("empty.pb: empty file, not a TensorFlow GraphDef");
        byte[] nameless = TfWriter.graphDef(List.of(TfWriter.Node.op("", "Relu")));
        assertThatThrownBy(() -> TfReader.readGraphDef(nameless, "nameless.pb")).hasMessageContaining("a node without a name");
        byte[] noMetaGraph = dev.gpudoctor.model.ProtoOutput.message(out -> out.writeInt64(1, 1));
        assertThatThrownBy(() -> TfReader.readSavedModel(noMetaGraph, "saved_model.pb")).hasMessageContaining("no meta graph");
    }
}
