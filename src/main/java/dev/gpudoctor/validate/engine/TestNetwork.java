package dev.gpudoctor.validate.engine;

import dev.gpudoctor.model.onnx.OnnxModel;
import dev.gpudoctor.model.onnx.OnnxWriter;
import dev.gpudoctor.validate.reference.SmallCnn;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The engine step's network as ONNX files, written by gpu-doctor itself (no model file ships with
 * it): {@link SmallCnn}'s layers and weights, a float model for the FP32 and FP16 engines and a
 * Q/DQ model for INT8.
 *
 * INT8 goes through explicit quantization because TensorRT 10.1 deprecated the calibrators of
 * implicit quantization, "superseded by explicit quantization"
 * (https://docs.nvidia.com/deeplearning/tensorrt/latest/_static/c-api/deprecated.html); the scales of
 * the QuantizeLinear/DequantizeLinear pairs are calibrated here on the CPU reference
 * ({@link SmallCnn#calibrate}), where they are also checked. Q/DQ pairs sit on the inputs of the
 * two weighted layers (activation and weights), where NVIDIA's guide to quantized types places them
 * (https://docs.nvidia.com/deeplearning/tensorrt/latest/inference-library/work-quantized-types.html).
 * Per-tensor scales and zero points of 0: the form every TensorRT release with Q/DQ support takes.
 *
 * IR version 8 and opset 13: what onnx 1.10 and later write and every TensorRT 8.6+ parser reads.
 */
public final class TestNetwork {

    public static final String INPUT = "input";
    public static final String OUTPUT = "output";
    public static final List<Long> INPUT_SHAPE = List.of((long) SmallCnn.BATCH, (long) SmallCnn.CHANNELS,
            (long) SmallCnn.HEIGHT, (long) SmallCnn.WIDTH);
    public static final List<Long> OUTPUT_SHAPE = List.of((long) SmallCnn.BATCH, (long) SmallCnn.CLASSES);
    /** What the sidecar names as the network, so that validate --engine knows the plan is this one. */
    public static final String NAME = "gpu-doctor-smallcnn-v1";

    private TestNetwork() {
    }

    /** The float model: Conv, Relu, MaxPool, Flatten, Gemm. */
    public static byte[] floatModel(SmallCnn net) {
        return OnnxWriter.write(model(net, null));
    }

    /** The same network with Q/DQ pairs of these scales (see the class comment). */
    public static byte[] quantizedModel(SmallCnn net, SmallCnn.Scales scales) {
        return OnnxWriter.write(model(net, scales));
    }

    /** The input batch as a file of little-endian floats, what trtexec's --loadInputs reads. */
    public static byte[] inputFile(float[] x) {
        ByteBuffer b = ByteBuffer.allocate(x.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : x) {
            b.putFloat(v);
        }
        return b.array();
    }

    static OnnxModel model(SmallCnn net, SmallCnn.Scales q) {
        List<OnnxModel.Node> nodes = new ArrayList<>();
        List<OnnxModel.Tensor> init = new ArrayList<>();
        init.add(OnnxModel.Tensor.floats("conv_w", net.convWeights(), SmallCnn.FILTERS, SmallCnn.CHANNELS, SmallCnn.KERNEL,
                SmallCnn.KERNEL));
        init.add(OnnxModel.Tensor.floats("conv_b", net.convBias(), SmallCnn.FILTERS));
        init.add(OnnxModel.Tensor.floats("fc_w", net.fcWeights(), SmallCnn.FEATURES, SmallCnn.CLASSES));
        init.add(OnnxModel.Tensor.floats("fc_b", net.fcBias(), SmallCnn.CLASSES));
        String x = INPUT;
        String w = "conv_w";
        if (q != null) {
            init.add(new OnnxModel.Tensor("zero_point", OnnxModel.ElementType.INT8, List.of(), new byte[] {0}, Map.of()));
            x = qdq(nodes, init, INPUT, q.input());
            w = qdq(nodes, init, "conv_w", q.convWeights());
        }
        long k = SmallCnn.KERNEL;
        long p = SmallCnn.PAD;
        long pool = SmallCnn.POOL;
        nodes.add(OnnxModel.Node.of("conv", "Conv", List.of(x, w, "conv_b"), List.of("conv_out"),
                ints("kernel_shape", k, k), ints("pads", p, p, p, p),
                ints("strides", 1, 1)));
        nodes.add(OnnxModel.Node.of("relu", "Relu", List.of("conv_out"), List.of("relu_out")));
        nodes.add(OnnxModel.Node.of("pool", "MaxPool", List.of("relu_out"), List.of("pool_out"),
                ints("kernel_shape", pool, pool), ints("strides", pool, pool)));
        nodes.add(OnnxModel.Node.of("flatten", "Flatten", List.of("pool_out"), List.of("features"),
                new OnnxModel.Attribute.IntValue("axis", 1)));
        String f = "features";
        String fw = "fc_w";
        if (q != null) {
            f = qdq(nodes, init, "features", q.features());
            fw = qdq(nodes, init, "fc_w", q.fcWeights());
        }
        nodes.add(OnnxModel.Node.of("fc", "Gemm", List.of(f, fw, "fc_b"), List.of(OUTPUT),
                new OnnxModel.Attribute.FloatValue("alpha", 1f), new OnnxModel.Attribute.FloatValue("beta", 1f),
                new OnnxModel.Attribute.IntValue("transA", 0), new OnnxModel.Attribute.IntValue("transB", 0)));
        OnnxModel.ValueInfo in = OnnxModel.ValueInfo.floats(INPUT, SmallCnn.BATCH, SmallCnn.CHANNELS, SmallCnn.HEIGHT,
                SmallCnn.WIDTH);
        OnnxModel.ValueInfo out = OnnxModel.ValueInfo.floats(OUTPUT, SmallCnn.BATCH, SmallCnn.CLASSES);
        return new OnnxModel(8, List.of(new OnnxModel.Opset("", 13)), "gpu-doctor", NAME,
                new OnnxModel.Graph(q == null ? "smallcnn" : "smallcnn_qdq", nodes, init, List.of(in), List.of(out)));
    }

    /** QuantizeLinear then DequantizeLinear of {@code name} with a per-tensor scale; the dequantized name. */
    private static String qdq(List<OnnxModel.Node> nodes, List<OnnxModel.Tensor> init, String name, float scale) {
        String s = name + "_scale";
        init.add(OnnxModel.Tensor.floats(s, new float[] {scale}));
        nodes.add(OnnxModel.Node.of(name + "_quantize", "QuantizeLinear", List.of(name, s, "zero_point"),
                List.of(name + "_q")));
        nodes.add(OnnxModel.Node.of(name + "_dequantize", "DequantizeLinear", List.of(name + "_q", s, "zero_point"),
                List.of(name + "_dq")));
        return name + "_dq";
    }

    private static OnnxModel.Attribute ints(String name, long... v) {
        return OnnxModel.Attribute.ints(name, v);
    }
}
