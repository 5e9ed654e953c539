package dev.gpudoctor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a path holds is told from content, not name: the mix-ups people make (a saved_model.pb
 * given without its folder, a GraphDef named .onnx, a Keras .h5 or a .tflite given instead) are
 * named in the answer.
 */
class ModelFilesTest {

    @TempDir
    Path tmp;

    @Test
    void aSavedModelFolderAndItsPbAlone() throws Exception {
        Path folder = ModelFixtures.writeSavedModel(tmp);
        ModelFiles.Identified byFolder = ModelFiles.identify(folder);
        assertThat(byFolder.kind()).isEqualTo(ModelKind.TF_SAVED_MODEL);
        assertThat(byFolder.pbAlone()).isFalse();
        assertThat(byFolder.file()).isEqualTo(folder.resolve("saved_model.pb"));
        ModelFiles.Identified alone = ModelFiles.identify(folder.resolve("saved_model.pb"));
        assertThat(alone.kind()).isEqualTo(ModelKind.TF_SAVED_MODEL);
        assertThat(alone.pbAlone()).isTrue();
        assertThat(alone.folder()).isEqualTo(folder);
    }

    @Test
    void aFrozenGraphAndAnOnnxModelWhateverTheirNames() throws Exception {
        Path graph = ModelFixtures.writeFrozenGraph(tmp);
        assertThat(ModelFiles.identify(graph).kind()).isEqualTo(ModelKind.TF_GRAPH_DEF);
        Path misnamed = Files.copy(graph, tmp.resolve("model.onnx"));
        ModelFiles.Identified id = ModelFiles.identify(misnamed);
        assertThat(id.kind()).isEqualTo(ModelKind.TF_GRAPH_DEF);
        assertThat(ModelInspector.nameNote(id)).hasValue("the file is named model.onnx but holds a TensorFlow frozen GraphDef");
        Path onnx = ModelFixtures.writeDetector(tmp);
        assertThat(ModelFiles.identify(onnx).kind()).isEqualTo(ModelKind.ONNX);
        assertThat(ModelFiles.identify(Files.copy(onnx, tmp.resolve("detector.pb"))).kind()).isEqualTo(ModelKind.ONNX);
    }

    @Test
    void otherFormatsAreNamed() throws Exception {
        assertThatThrownBy(() -> ModelFiles.identify(Files.write(tmp.resolve("model.h5"),
                new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n', 0, 0}))).hasMessageContaining("an HDF5 file (a Keras .h5 model?)");
        assertThatThrownBy(() -> ModelFiles.identify(Files.write(tmp.resolve("model.keras"), new byte[] {'P', 'K', 3, 4, 20, 0})))
                .hasMessageContaining("a ZIP archive");
        assertThatThrownBy(() -> ModelFiles.identify(Files.write(tmp.resolve("model.tflite"),
                new byte[] {0x1c, 0, 0, 0, 'T', 'F', 'L', '3', 0, 0}))).hasMessageContaining("tf2onnx converts it with --tflite");
        assertThatThrownBy(() -> ModelFiles.identify(Files.writeString(tmp.resolve("graph.pbtxt"), "node {\n  name: \"x\"\n}\n")))
                .hasMessageContaining("a text file (protobuf text format?");
        assertThatThrownBy(() -> ModelFiles.identify(Files.write(tmp.resolve("empty.onnx"), new byte[0])))
                .hasMessage(tmp.resolve("empty.onnx") + ": empty file, not a model");
        assertThatThrownBy(() -> ModelFiles.identify(tmp.resolve("nowhere.onnx"))).hasMessageEndingWith("nowhere.onnx: no such file or folder");
    }

    @Test
    void randomBytesAreNotProtobuf() throws Exception {
        byte[] noise = new byte[2048];
        new Random(5).nextBytes(noise);
        noise[0] = (byte) 0xff;
        assertThatThrownBy(() -> ModelFiles.identify(Files.write(tmp.resolve("noise.bin"), noise)))
                .isInstanceOf(ModelFileException.class).hasMessageContaining("noise.bin: not a protocol-buffer file");
    }

    @Test
    void foldersThatAreNotSavedModels() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("exports"));
        ModelFixtures.writeDetector(dir);
        assertThatThrownBy(() -> ModelFiles.identify(dir))
                .hasMessage(dir + ": a folder without saved_model.pb, so not a SavedModel; give one of its files instead: detector.onnx");
        Path text = Files.createDirectories(tmp.resolve("text"));
        Files.writeString(text.resolve("saved_model.pbtxt"), "saved_model_schema_version: 1\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ModelFiles.identify(text)).hasMessageContaining("a SavedModel in text form (saved_model.pbtxt)");
        Path wrong = Files.createDirectories(tmp.resolve("wrong"));
        Files.copy(ModelFixtures.writeDetector(tmp), wrong.resolve("saved_model.pb"));
        assertThatThrownBy(() -> ModelFiles.identify(wrong)).hasMessageContaining("named like a SavedModel's but holds an ONNX model");
    }
}
