package dev.gpudoctor.model.onnx;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The part of ONNX's {@code ModelProto} that gpu-doctor writes and reads: enough to describe a model's
 * interface (inputs, outputs, opsets), its operators and its weights. Field numbers follow onnx.proto
 * (onnx/onnx, {@code onnx/onnx.proto}); see {@link OnnxWriter}.
 *
 * @param irVersion  the file format version (e.g. 8 for onnx 1.10+, 9 for onnx 1.14+)
 * @param opsets     operator set imports; the default domain is ""
 * @param producer   producer_name, e.g. "gpu-doctor"
 * @param graph      the main graph
 */
public record OnnxModel(long irVersion, List<Opset> opsets, String producer, String producerVersion, Graph graph) {

    public OnnxModel {
        opsets = List.copyOf(opsets);
        Objects.requireNonNull(graph, "graph");
    }

    /** An operator set import: domain "" (or "ai.onnx") is the standard operators. */
    public record Opset(String domain, long version) {
        public Opset {
            domain = domain == null ? "" : domain;
        }
    }

    public record Graph(String name, List<Node> nodes, List<Tensor> initializers, List<ValueInfo> inputs,
                        List<ValueInfo> outputs) {
        public Graph {
            nodes = List.copyOf(nodes);
            initializers = List.copyOf(initializers);
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /** One operator: its type (e.g. "Conv"), domain ("" is standard), tensor names in and out. */
    public record Node(String name, String opType, String domain, List<String> inputs, List<String> outputs,
                       List<Attribute> attributes) {
        public Node {
            domain = domain == null ? "" : domain;
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
            attributes = List.copyOf(attributes);
        }

        public static Node of(String name, String opType, List<String> inputs, List<String> outputs,
                              Attribute... attributes) {
            return new Node(name, opType, "", inputs, outputs, List.of(attributes));
        }
    }

    /** An attribute of one of the kinds written here: a float, an int, a list of ints, a string. */
    public sealed interface Attribute {
        String name();

        record FloatValue(String name, float value) implements Attribute {
        }

        record IntValue(String name, long value) implements Attribute {
        }

        record Ints(String name, List<Long> values) implements Attribute {
            public Ints {
                values = List.copyOf(values);
            }
        }

        record StringValue(String name, String value) implements Attribute {
        }

        static Attribute ints(String name, long... values) {
            return new Ints(name, java.util.Arrays.stream(values).boxed().toList());
        }
    }

    /**
     * A tensor's element type, with its TensorProto.DataType number and its size in bytes (0 where it
     * has no fixed size).
     */
    public enum ElementType {
        UNDEFINED(0, 0), FLOAT(1, 4), UINT8(2, 1), INT8(3, 1), UINT16(4, 2), INT16(5, 2), INT32(6, 4),
        INT64(7, 8), STRING(8, 0), BOOL(9, 1), FLOAT16(10, 2), DOUBLE(11, 8), UINT32(12, 4), UINT64(13, 8),
        COMPLEX64(14, 8), COMPLEX128(15, 16), BFLOAT16(16, 2), FLOAT8E4M3FN(17, 1), FLOAT8E4M3FNUZ(18, 1),
        FLOAT8E5M2(19, 1), FLOAT8E5M2FNUZ(20, 1), UINT4(21, 0), INT4(22, 0), FLOAT4E2M1(23, 0);

        public final int number;
        public final int bytes;

        ElementType(int number, int bytes) {
            this.number = number;
            this.bytes = bytes;
        }

        /** The type of a TensorProto.DataType number; null for a number this version does not know. */
        public static ElementType of(int number) {
            for (ElementType t : values()) {
                if (t.number == number) {
                    return t;
                }
            }
            return null;
        }

        public String onnxName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * A dimension of a shape: a fixed size, a named dynamic size ("batch"), or unknown (neither).
     */
    public record Dim(Long value, String param) {
        public static Dim of(long value) {
            return new Dim(value, null);
        }

        public static Dim named(String param) {
            return new Dim(null, param);
        }

        @Override
        public String toString() {
            return value != null ? Long.toString(value) : param != null ? param : "?";
        }
    }

    /** A graph input or output: its name, element type and shape (null shape: not stated). */
    public record ValueInfo(String name, ElementType type, List<Dim> shape) {
        public ValueInfo {
            shape = shape == null ? null : List.copyOf(shape);
        }

        public static ValueInfo floats(String name, long... dims) {
            return new ValueInfo(name, ElementType.FLOAT, java.util.Arrays.stream(dims).mapToObj(Dim::of).toList());
        }
    }

    /**
     * A weight tensor. {@code rawData} holds the little-endian bytes (what exporters write); a tensor
     * whose data lives in another file names it in {@code externalData} (location, offset, length...)
     * and has no bytes here.
     */
    public record Tensor(String name, ElementType type, List<Long> dims, byte[] rawData,
                         Map<String, String> externalData) {
        public Tensor {
            dims = List.copyOf(dims);
            externalData = externalData == null ? Map.of() : Map.copyOf(externalData);
        }

        public static Tensor floats(String name, float[] values, long... dims) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(values.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            for (float v : values) {
                b.putFloat(v);
            }
            return new Tensor(name, ElementType.FLOAT, java.util.Arrays.stream(dims).boxed().toList(), b.array(), Map.of());
        }

        public long elementCount() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }
    }
}
