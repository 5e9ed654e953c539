package dev.gpudoctor.model;

import dev.gpudoctor.model.onnx.OnnxModel;
import dev.gpudoctor.model.onnx.OnnxModel.Attribute;
import dev.gpudoctor.model.onnx.OnnxModel.Dim;
import dev.gpudoctor.model.onnx.OnnxModel.ElementType;
import dev.gpudoctor.model.onnx.OnnxModel.Node;
import dev.gpudoctor.model.onnx.OnnxModel.Tensor;
import dev.gpudoctor.model.onnx.OnnxModel.ValueInfo;
import dev.gpudoctor.model.onnx.OnnxWriter;
import dev.gpudoctor.model.tf.TfWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model files the model tests and docs/model.md stand on, written in their real formats:
 * a small detector (ONNX opset 13 with NonZero, which TensorRT 8.4's table lacks, a named batch
 * dimension and a weight listed as an input, as older exporters do), a model whose weights are in
 * external data, a frozen GraphDef and a SavedModel folder as TensorFlow 2 writes them.
 */
public final class ModelFixtures {

    private ModelFixtures() {
    }

    public static OnnxModel detector() {
        float[] w = new float[4 * 3 * 3 * 3];
        for (int i = 0; i < w.length; i++) {
            w[i] = (i % 5 - 2) / 10f;
        }
        float[] fc = {0.5f, -0.5f, 0.25f, -0.25f, 0.1f, -0.1f, 0.2f, -0.2f};
        List<Node> nodes = List.of(
                Node.of("conv", "Conv", List.of("images", "w"), List.of("c"), Attribute.ints("kernel_shape", 3, 3),
                        Attribute.ints("pads", 1, 1, 1, 1)),
                Node.of("relu", "Relu", List.of("c"), List.of("r")),
                Node.of("pool", "GlobalAveragePool", List.of("r"), List.of("g")),
                Node.of("flatten", "Flatten", List.of("g"), List.of("f"), new Attribute.IntValue("axis", 1)),
                Node.of("head", "Gemm", List.of("f", "fc"), List.of("logits")),
                Node.of("sigmoid", "Sigmoid", List.of("logits"), List.of("scores")),
                Node.of("above", "Greater", List.of("scores", "threshold"), List.of("mask")),
                Node.of("where", "NonZero", List.of("mask"), List.of("detections")));
        ValueInfo images = new ValueInfo("images", ElementType.FLOAT, List.of(Dim.named("batch"), Dim.of(3), Dim.of(16), Dim.of(16)));
        ValueInfo scores = new ValueInfo("scores", ElementType.FLOAT, List.of(Dim.named("batch"), Dim.of(2)));
        ValueInfo detections = new ValueInfo("detections", ElementType.INT64, List.of(Dim.of(2), new Dim(null, null)));
        return new OnnxModel(7, List.of(new OnnxModel.Opset("", 13)), "detector-export", "1.0",
                new OnnxModel.Graph("detector", nodes,
                        List.of(Tensor.floats("w", w, 4, 3, 3, 3), Tensor.floats("fc", fc, 4, 2),
                                Tensor.floats("threshold", new float[] {0.5f})),
                        List.of(images, ValueInfo.floats("w", 4, 3, 3, 3)), List.of(scores, detections)));
    }

    /** x[batch,4] x W[4,8] + b[8], W and b in "external.onnx.data" (128 + 32 bytes). */
    public static OnnxModel external(String location) {
        Tensor weight = new Tensor("W", ElementType.FLOAT, List.of(4L, 8L), null,
                Map.of("location", location, "offset", "0", "length", "128"));
        Tensor bias = new Tensor("b", ElementType.FLOAT, List.of(8L), null,
                Map.of("location", location, "offset", "128", "length", "32"));
        List<Node> nodes = List.of(Node.of("matmul", "MatMul", List.of("x", "W"), List.of("xw")),
                Node.of("add", "Add", List.of("xw", "b"), List.of("y")));
        return new OnnxModel(8, List.of(new OnnxModel.Opset("", 13)), "external-export", "1.0",
                new OnnxModel.Graph("linear", nodes, List.of(weight, bias),
                        List.of(new ValueInfo("x", ElementType.FLOAT, List.of(Dim.named("batch"), Dim.of(4)))),
                        List.of(new ValueInfo("y", ElementType.FLOAT, List.of(Dim.named("batch"), Dim.of(8))))));
    }

    public static Path writeDetector(Path dir) throws IOException {
        return Files.write(dir.resolve("detector.onnx"), OnnxWriter.write(detector()));
    }

    /** The model and its data file, the data {@code dataBytes} long (160 is complete). */
    public static Path writeExternal(Path dir, int dataBytes) throws IOException {
        Path model = Files.write(dir.resolve("external.onnx"), OnnxWriter.write(external("external.onnx.data")));
        if (dataBytes >= 0) {
            byte[] data = new byte[dataBytes];
            for (int i = 0; i < data.length; i++) {
                data[i] = (byte) (i % 7);
            }
            Files.write(dir.resolve("external.onnx.data"), data);
        }
        return model;
    }

    /**
     * A frozen classifier: inputs x (float32 [?,4]) and mask (int32, rank unknown); outputs y and
     * masked; an Assert and a NoOp that orders after y (^y), neither of them an output.
     */
    public static List<TfWriter.Node> frozenGraphNodes() {
        return List.of(
                TfWriter.Node.placeholder("x", TfWriter.DT_FLOAT, -1, 4),
                TfWriter.Node.placeholder("mask", TfWriter.DT_INT32, TfWriter.UNKNOWN_RANK),
                TfWriter.Node.constant("dense/kernel", 4 * 4 * 2),
                TfWriter.Node.constant("dense/bias", 4 * 2),
                TfWriter.Node.op("dense/MatMul", "MatMul", "x", "dense/kernel"),
                TfWriter.Node.op("dense/BiasAdd", "BiasAdd", "dense/MatMul", "dense/bias"),
                TfWriter.Node.op("y", "Identity", "dense/BiasAdd"),
                TfWriter.Node.op("probs", "Softmax", "dense/BiasAdd:0"),
                TfWriter.Node.op("mask_f", "Cast", "mask"),
                TfWriter.Node.op("masked", "Mul", "probs", "mask_f"),
                TfWriter.Node.op("check", "Assert", "x"),
                TfWriter.Node.op("deps", "NoOp", "^y", "^check"));
    }

    public static Path writeFrozenGraph(Path dir) throws IOException {
        return Files.write(dir.resolve("frozen_graph.pb"), TfWriter.graphDef(frozenGraphNodes()));
    }

    /**
     * A SavedModel folder as TensorFlow 2 writes one: the serving signature's tensors are
     * serving_default_x:0 in and StatefulPartitionedCall:0 and :1 out; the saver's placeholder and
     * calls, and the initializer's signature, are there too.
     */
    public static Path writeSavedModel(Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("classifier"));
        byte[] graph = TfWriter.graphDef(List.of(
                TfWriter.Node.placeholder("serving_default_x", TfWriter.DT_FLOAT, -1, 4),
                TfWriter.Node.placeholder("saver_filename", TfWriter.DT_STRING),
                TfWriter.Node.op("StatefulPartitionedCall", "StatefulPartitionedCall", "serving_default_x"),
                TfWriter.Node.op("StatefulPartitionedCall_1", "StatefulPartitionedCall", "saver_filename"),
                TfWriter.Node.op("StatefulPartitionedCall_2", "StatefulPartitionedCall", "saver_filename"),
                TfWriter.Node.op("NoOp", "NoOp")));
        Map<String, TfWriter.Signature> signatures = new LinkedHashMap<>();
        signatures.put("serving_default", new TfWriter.Signature("tensorflow/serving/predict",
                Map.of("x", new TfWriter.Tensor("serving_default_x:0", TfWriter.DT_FLOAT, -1, 4)),
                Map.of("logits", new TfWriter.Tensor("StatefulPartitionedCall:0", TfWriter.DT_FLOAT, -1, 2),
                        "probs", new TfWriter.Tensor("StatefulPartitionedCall:1", TfWriter.DT_FLOAT, -1, 2))));
        signatures.put("__saved_model_init_op", new TfWriter.Signature(null, Map.of(),
                Map.of("__saved_model_init_op", new TfWriter.Tensor("NoOp", 0, (long[]) null))));
        Files.write(folder.resolve("saved_model.pb"), TfWriter.savedModel(List.of("serve"), "2.15.0", graph, signatures));
        Path variables = Files.createDirectories(folder.resolve("variables"));
        Files.write(variables.resolve("variables.index"), new byte[] {0});
        Files.write(variables.resolve("variables.data-00000-of-00001"), new byte[48]);
        return folder;
    }
}
