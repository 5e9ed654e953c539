package dev.gpudoctor.model.onnx;

import static dev.gpudoctor.model.ProtoOutput.message;

import com.google.protobuf.CodedOutputStream;
import java.util.Map;

/**
 * Writes an {@link OnnxModel} as an ONNX file: protobuf wire format, field numbers from onnx.proto.
 * Written with protobuf's {@link CodedOutputStream} rather than generated classes: the model needs a
 * dozen fields, and generated ONNX classes would mean a protoc step and a copy of onnx.proto to keep.
 *
 * Repeated numbers are written unpacked except where onnx.proto declares them packed: onnx.proto is
 * proto2, where that is the default, and every protobuf parser reads both forms.
 */
public final class OnnxWriter {

    private OnnxWriter() {
    }

    public static byte[] write(OnnxModel model) {
        return message(out -> {
            out.writeInt64(1, model.irVersion());
            if (model.producer() != null) {
                out.writeString(2, model.producer());
            }
            if (model.producerVersion() != null) {
                out.writeString(3, model.producerVersion());
            }
            out.writeByteArray(7, graph(model.graph()));
            for (OnnxModel.Opset o : model.opsets()) {
                out.writeByteArray(8, message(m -> {
                    m.writeString(1, o.domain());
                    m.writeInt64(2, o.version());
                }));
            }
        });
    }

    private static byte[] graph(OnnxModel.Graph g) {
        return message(out -> {
            for (OnnxModel.Node n : g.nodes()) {
                out.writeByteArray(1, node(n));
            }
            out.writeString(2, g.name());
            for (OnnxModel.Tensor t : g.initializers()) {
                out.writeByteArray(5, tensor(t));
            }
            for (OnnxModel.ValueInfo v : g.inputs()) {
                out.writeByteArray(11, valueInfo(v));
            }
            for (OnnxModel.ValueInfo v : g.outputs()) {
                out.writeByteArray(12, valueInfo(v));
            }
        });
    }

    private static byte[] node(OnnxModel.Node n) {
        return message(out -> {
            for (String i : n.inputs()) {
                out.writeString(1, i);
            }
            for (String o : n.outputs()) {
                out.writeString(2, o);
            }
            if (n.name() != null) {
                out.writeString(3, n.name());
            }
            out.writeString(4, n.opType());
            for (OnnxModel.Attribute a : n.attributes()) {
                out.writeByteArray(5, attribute(a));
            }
            if (!n.domain().isEmpty()) {
                out.writeString(7, n.domain());
            }
        });
    }

    /** AttributeProto: name 1, f 2, i 3, s 4, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, INTS 7). */
    private static byte[] attribute(OnnxModel.Attribute a) {
        return message(out -> {
            out.writeString(1, a.name());
            // Java 17: no pattern switch; the attribute kinds are a sealed set, the last branch is Ints.
            if (a instanceof OnnxModel.Attribute.FloatValue f) {
                out.writeFloat(2, f.value());
                out.writeInt32(20, 1);
            } else if (a instanceof OnnxModel.Attribute.IntValue i) {
                out.writeInt64(3, i.value());
                out.writeInt32(20, 2);
            } else if (a instanceof OnnxModel.Attribute.StringValue s) {
                out.writeString(4, s.value());
                out.writeInt32(20, 3);
            } else {
                for (long v : ((OnnxModel.Attribute.Ints) a).values()) {
                    out.writeInt64(8, v);
                }
                out.writeInt32(20, 7);
            }
        });
    }

    /** TensorProto: dims 1, data_type 2, name 8, raw_data 9, external_data 13, data_location 14. */
    private static byte[] tensor(OnnxModel.Tensor t) {
        return message(out -> {
            for (long d : t.dims()) {
                out.writeInt64(1, d);
            }
            out.writeInt32(2, t.type().number);
            out.writeString(8, t.name());
            if (t.rawData() != null) {
                out.writeByteArray(9, t.rawData());
            }
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(t.externalData()).entrySet()) {
                out.writeByteArray(13, message(m -> {
                    m.writeString(1, e.getKey());
                    m.writeString(2, e.getValue());
                }));
            }
            if (!t.externalData().isEmpty()) {
                out.writeInt32(14, 1);
            }
        });
    }

    /** ValueInfoProto{name 1, type 2: TypeProto{tensor_type 1: {elem_type 1, shape 2: {dim 1: {value 1, param 2}}}}}. */
    private static byte[] valueInfo(OnnxModel.ValueInfo v) {
        byte[] tensorType = message(out -> {
            out.writeInt32(1, v.type().number);
            if (v.shape() != null) {
                out.writeByteArray(2, message(shape -> {
                    for (OnnxModel.Dim d : v.shape()) {
                        shape.writeByteArray(1, message(dim -> {
                            if (d.value() != null) {
                                dim.writeInt64(1, d.value());
                            } else if (d.param() != null) {
                                dim.writeString(2, d.param());
                            }
                        }));
                    }
                }));
            }
        });
        return message(out -> {
            out.writeString(1, v.name());
            out.writeByteArray(2, message(type -> type.writeByteArray(1, tensorType)));
        });
    }
}
