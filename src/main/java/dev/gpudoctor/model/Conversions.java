package dev.gpudoctor.model;

import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.OnnxConverter;
import dev.gpudoctor.matrix.TensorrtOnnxSupport;
import dev.gpudoctor.model.tf.SavedModel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The tf2onnx command line for a TensorFlow model, with the opset chosen from sourced facts:
 * tf2onnx's own default and tested range (its README), lowered to what a TensorRT release's parser
 * imports where one is named (onnx-tensorrt's operators.md, compat-matrix/tensorrt-onnx.yaml).
 */
public final class Conversions {

    static final String TF2ONNX = "tf2onnx";

    /** The opset to convert to and why. */
    public record OpsetChoice(Integer opset, String reason, List<String> sources) {
    }

    private Conversions() {
    }

    public static OpsetChoice opset(Matrix matrix, Optional<Version> tensorrt) {
        Optional<OnnxConverter> tf2onnx = matrix.onnxConverter(TF2ONNX);
        List<String> sources = new ArrayList<>();
        tf2onnx.ifPresent(c -> sources.add(c.source()));
        Optional<TensorrtOnnxSupport> table = tensorrt.flatMap(matrix::tensorrtOnnxFor);
        if (tf2onnx.isEmpty()) {
            return new OpsetChoice(table.map(TensorrtOnnxSupport::maxOpset).orElse(null),
                    table.map(t -> "TensorRT " + t.tensorrt() + " imports ONNX opsets " + t.opsetRange()
                            + "; the matrix has no tf2onnx entry").orElse("tf2onnx's default (the matrix has no tf2onnx entry)"),
                    table.map(t -> List.of(t.source())).orElse(List.of()));
        }
        OnnxConverter c = tf2onnx.get();
        String tested = c.testedMax().map(max -> " (tested with " + c.testedMin().orElse(max) + " to " + max + ")").orElse("");
        if (table.isEmpty()) {
            String why = "tf2onnx's default" + tested;
            if (tensorrt.isPresent()) {
                why += "; the matrix has no ONNX table for TensorRT " + tensorrt.get() + " (tables: "
                        + String.join(", ", matrix.tensorrtOnnx().stream().map(t -> t.tensorrt().toString()).toList()) + ")";
            }
            return new OpsetChoice(c.defaultOpset(), why, sources);
        }
        TensorrtOnnxSupport t = table.get();
        sources.add(0, t.source());
        int newest = c.testedMax().orElse(c.defaultOpset());
        int opset = Math.min(t.maxOpset(), newest);
        String why;
        if (opset == t.maxOpset()) {
            why = "TensorRT " + t.tensorrt() + " imports ONNX opsets " + t.opsetRange() + "; tf2onnx" + tested;
        } else {
            why = "the newest opset tf2onnx is tested with" + tested + "; TensorRT " + t.tensorrt() + " imports " + t.opsetRange();
        }
        if (c.testedMin().isPresent() && opset < c.testedMin().get()) {
            why += "; below tf2onnx's tested range (" + c.source() + ")";
        }
        return new OpsetChoice(opset, why, sources);
    }

    /** python -m tf2onnx.convert --saved-model DIR [--tag T] [--signature_def S] --output NAME.onnx --opset N */
    public static ModelReport.Conversion savedModel(Path folder, SavedModel.MetaGraph metaGraph, SavedModel.Signature signature,
            OpsetChoice opset, List<String> notes) {
        List<String> argv = new ArrayList<>(List.of("python", "-m", "tf2onnx.convert", "--saved-model", folder.toString()));
        if (metaGraph != null && metaGraph.tags().size() == 1) {
            argv.addAll(List.of("--tag", metaGraph.tags().get(0)));
        } else if (metaGraph != null && metaGraph.tags().size() > 1) {
            notes.add("the meta graph has tags " + String.join(", ", metaGraph.tags()) + "; tf2onnx's --tag names one");
        }
        if (signature != null) {
            argv.addAll(List.of("--signature_def", signature.key()));
        }
        return finish(argv, output(folder), opset);
    }

    /** python -m tf2onnx.convert --graphdef FILE --inputs a:0,b:0 --outputs y:0 --output NAME.onnx --opset N */
    public static ModelReport.Conversion graphDef(Path file, List<String> inputs, List<String> outputs, OpsetChoice opset) {
        List<String> argv = new ArrayList<>(List.of("python", "-m", "tf2onnx.convert", "--graphdef", file.toString()));
        if (!inputs.isEmpty()) {
            argv.addAll(List.of("--inputs", String.join(",", inputs)));
        }
        if (!outputs.isEmpty()) {
            argv.addAll(List.of("--outputs", String.join(",", outputs)));
        }
        return finish(argv, output(file), opset);
    }

    private static ModelReport.Conversion finish(List<String> argv, String output, OpsetChoice opset) {
        argv.addAll(List.of("--output", output));
        if (opset.opset() != null) {
            argv.addAll(List.of("--opset", Integer.toString(opset.opset())));
        }
        return new ModelReport.Conversion(TF2ONNX, argv, Fix.display(argv), opset.opset(),
                opset.reason(), opset.sources());
    }

    /** The ONNX file beside where the command runs, named after the model ("frozen_graph.pb" gives frozen_graph.onnx). */
    static String output(Path model) {
        Path name = model.toAbsolutePath().normalize().getFileName();
        String base = name == null ? "model" : name.toString().replaceFirst("\\.(pb|graphdef)$", "");
        base = base.replaceAll("[^A-Za-z0-9._-]", "_");
        return (base.isEmpty() || base.startsWith(".") ? "model" : base) + ".onnx";
    }
}
