package dev.gpudoctor.model.tf;

import static dev.gpudoctor.model.ProtoOutput.message;

import java.util.List;
import java.util.Map;

/**
 * Writes TensorFlow GraphDef and SavedModel files in protobuf wire format, with the field numbers
 * TfReader reads (tensorflow/core/framework/graph.proto, node_def.proto, attr_value.proto,
 * tensor_shape.proto, tensor.proto; tensorflow/core/protobuf/saved_model.proto, meta_graph.proto),
 * so that the tests hold real-format files without TensorFlow. Like TensorFlow's own writer, it
 * emits map entries as messages {key 1, value 2} and attributes in key order.
 */
public final class TfWriter {

    /** DataType numbers of types.proto used by the tests. */
    public static final int DT_FLOAT = 1;
    public static final int DT_INT32 = 3;
    public static final int DT_STRING = 7;
    public static final int DT_INT64 = 9;

    /**
     * A NodeDef: dtype and shape become the "dtype"/"shape" attributes a Placeholder has; a Const
     * gets a "value" tensor of {@code constBytes} bytes, which readers must skip, not hold.
     *
     * @param shape null for no shape attribute; {@link #UNKNOWN_RANK} for an unknown rank
     */
    public record Node(String name, String op, List<String> inputs, Integer dtype, long[] shape, int constBytes) {
        public static Node placeholder(String name, int dtype, long... shape) {
            return new Node(name, "Placeholder", List.of(), dtype, shape, 0);
        }

        public static Node constant(String name, int bytes) {
            return new Node(name, "Const", List.of(), DT_FLOAT, null, bytes);
        }

        public static Node op(String name, String op, String... inputs) {
            return new Node(name, op, List.of(inputs), null, null, 0);
        }
    }

    public static final long[] UNKNOWN_RANK = new long[0];

    /** A TensorInfo of a signature: a graph tensor's name, dtype and shape. */
    public record Tensor(String name, int dtype, long... shape) {
    }

    public record Signature(String method, Map<String, Tensor> inputs, Map<String, Tensor> outputs) {
    }

    private TfWriter() {
    }

    public static byte[] graphDef(List<Node> nodes) {
        return message(out -> {
            for (Node n : nodes) {
                out.writeByteArray(1, node(n));
            }
            // versions (field 4): VersionDef{producer 1}, as TensorFlow writes it.
            out.writeByteArray(4, message(v -> v.writeInt32(1, 1205)));
        });
    }

    private static byte[] node(Node n) {
        return message(out -> {
            out.writeString(1, n.name());
            out.writeString(2, n.op());
            for (String i : n.inputs()) {
                out.writeString(3, i);
            }
            if (n.dtype() != null) {
                out.writeByteArray(5, entry("dtype", message(v -> v.writeEnum(6, n.dtype()))));
            }
            if (n.shape() != null) {
                out.writeByteArray(5, entry("shape", message(v -> v.writeByteArray(7, shape(n.shape())))));
            }
            if (n.constBytes() > 0) {
                // AttrValue.tensor (8): TensorProto{dtype 1, tensor_shape 2, tensor_content 4}.
                byte[] tensor = message(t -> {
                    t.writeEnum(1, DT_FLOAT);
                    t.writeByteArray(2, shape(new long[] {n.constBytes() / 4}));
                    t.writeByteArray(4, new byte[n.constBytes()]);
                });
                out.writeByteArray(5, entry("value", message(v -> v.writeByteArray(8, tensor))));
            }
        });
    }

    private static byte[] entry(String key, byte[] value) {
        return message(e -> {
            e.writeString(1, key);
            e.writeByteArray(2, value);
        });
    }

    /** TensorShapeProto{dim 2: Dim{size 1}, unknown_rank 3}; -1 is an unknown size. */
    static byte[] shape(long[] dims) {
        return message(s -> {
            if (dims == UNKNOWN_RANK) {
                s.writeBool(3, true);
                return;
            }
            for (long d : dims) {
                s.writeByteArray(2, message(dim -> dim.writeInt64(1, d)));
            }
        });
    }

    /** A SavedModel with one meta graph: tags, TensorFlow version, graph and signatures in key order. */
    public static byte[] savedModel(List<String> tags, String tensorflowVersion, byte[] graphDef, Map<String, Signature> signatures) {
        byte[] metaGraph = message(out -> {
            out.writeByteArray(1, message(info -> {
                for (String t : tags) {
                    info.writeString(4, t);
                }
                info.writeString(5, tensorflowVersion);
            }));
            out.writeByteArray(2, graphDef);
            for (Map.Entry<String, Signature> s : new java.util.TreeMap<>(signatures).entrySet()) {
                out.writeByteArray(5, message(e -> {
                    e.writeString(1, s.getKey());
                    e.writeByteArray(2, signature(s.getValue()));
                }));
            }
        });
        return message(out -> {
            out.writeInt64(1, 1);
            out.writeByteArray(2, metaGraph);
        });
    }

    private static byte[] signature(Signature s) {
        return message(out -> {
            for (Map.Entry<String, Tensor> e : new java.util.TreeMap<>(s.inputs()).entrySet()) {
                out.writeByteArray(1, tensorEntry(e.getKey(), e.getValue()));
            }
            for (Map.Entry<String, Tensor> e : new java.util.TreeMap<>(s.outputs()).entrySet()) {
                out.writeByteArray(2, tensorEntry(e.getKey(), e.getValue()));
            }
            if (s.method() != null) {
                out.writeString(3, s.method());
            }
        });
    }

    private static byte[] tensorEntry(String key, Tensor t) {
        return message(e -> {
            e.writeString(1, key);
            e.writeByteArray(2, message(info -> {
                info.writeString(1, t.name());
                info.writeEnum(2, t.dtype());
                if (t.shape() != null) {
                    info.writeByteArray(3, shape(t.shape()));
                }
            }));
        });
    }
}
