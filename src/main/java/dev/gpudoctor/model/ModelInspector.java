package dev.gpudoctor.model;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.model.onnx.OnnxFile;
import dev.gpudoctor.model.onnx.OnnxReader;
import dev.gpudoctor.model.tf.SavedModel;
import dev.gpudoctor.model.tf.TfGraph;
import dev.gpudoctor.model.tf.TfReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads a model path of any kind gpu-doctor knows and sums it up: what model inspect prints, what model check starts from. */
public final class ModelInspector {

    /**
     * @param onnx the ONNX file as read, for model check; null for TensorFlow models
     */
    public record Inspection(ModelFiles.Identified id, ModelReport.Model model, OnnxFile onnx, List<Finding> findings) {
    }

    private ModelInspector() {
    }

    /**
     * @param tensorrt a TensorRT release the conversion should suit (its parser's highest opset), if known
     */
    public static Inspection inspect(Path given, Matrix matrix, Optional<Version> tensorrt) throws ModelFileException {
        ModelFiles.Identified id = ModelFiles.identify(given);
        List<String> notes = new ArrayList<>();
        nameNote(id).ifPresent(notes::add);
        long bytes;
        try {
            bytes = Files.size(id.file());
        } catch (IOException e) {
            throw new ModelFileException(id.file() + ": cannot read: " + e.getMessage(), e);
        }
        String path = given.toString();
        String file = id.file().toString();
        switch (id.kind()) {
            case ONNX -> {
                OnnxFile f = OnnxReader.read(id.file());
                OnnxSummaries.Summary s = OnnxSummaries.summarize(f, id.file());
                return new Inspection(id, new ModelReport.Model(path, file, id.kind(), bytes, s.onnx(), null, null, notes), f, s.findings());
            }
            case TF_GRAPH_DEF -> {
                TfGraph g = TfReader.readGraphDef(id.file());
                TfSummaries.Summary s = TfSummaries.graphDef(g, file);
                notes.addAll(s.notes());
                ModelReport.Conversion c = Conversions.graphDef(given, s.inputNames(), s.outputNames(),
                        Conversions.opset(matrix, tensorrt));
                return new Inspection(id, new ModelReport.Model(path, file, id.kind(), bytes, null, s.tensorflow(), c, notes), null,
                        s.findings());
            }
            case TF_SAVED_MODEL -> {
                SavedModel sm = TfReader.readSavedModel(id.file());
                TfSummaries.Summary s = TfSummaries.savedModel(sm, id);
                notes.addAll(s.notes());
                ModelReport.Conversion c = Conversions.savedModel(id.folder(), s.metaGraph(), s.signature(),
                        Conversions.opset(matrix, tensorrt), notes);
                return new Inspection(id, new ModelReport.Model(path, file, id.kind(), bytes, null, s.tensorflow(), c, notes), null,
                        s.findings());
            }
            default -> throw new IllegalStateException("no reader for " + id.kind());
        }
    }

    /** A file whose name says another format than its content ("model.onnx" holding a GraphDef). */
    static Optional<String> nameNote(ModelFiles.Identified id) {
        Path name = id.given().getFileName();
        if (name == null || Files.isDirectory(id.given())) {
            return Optional.empty();
        }
        String n = name.toString().toLowerCase(Locale.ROOT);
        boolean saysOnnx = n.endsWith(".onnx");
        boolean saysPb = n.endsWith(".pb");
        if (saysOnnx && id.kind() != ModelKind.ONNX || saysPb && id.kind() == ModelKind.ONNX) {
            return Optional.of("the file is named " + ProtoInput.shown(name.toString()) + " but holds " + id.kind().withArticle());
        }
        return Optional.empty();
    }
}
