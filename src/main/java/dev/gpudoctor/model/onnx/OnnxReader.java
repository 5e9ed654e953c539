package dev.gpudoctor.model.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.gpudoctor.model.ModelFileException;
import dev.gpudoctor.model.ProtoInput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads an ONNX file into {@link OnnxModel} records, streaming: weights are skipped, not loaded
 * (their sizes are kept), so a 2 GB model costs what its graph costs. Field numbers are onnx.proto's
 * (onnx/onnx, onnx/onnx.proto), the same the {@link OnnxWriter} writes:
 * ModelProto{ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8, functions 25},
 * OperatorSetIdProto{domain 1, version 2},
 * GraphProto{node 1, name 2, initializer 5, sparse_initializer 15, input 11, output 12},
 * NodeProto{input 1, output 2, name 3, op_type 4, attribute 5, domain 7},
 * AttributeProto{name 1, f 2, i 3, s 4, g 6, ints 8, graphs 11, type 20},
 * TensorProto{dims 1, data_type 2, float_data 4, int32_data 5, string_data 6, int64_data 7, name 8,
 * raw_data 9, double_data 10, uint64_data 11, external_data 13},
 * StringStringEntryProto{key 1, value 2}, ValueInfoProto{name 1, type 2},
 * TypeProto{tensor_type 1}, TypeProto.Tensor{elem_type 1, shape 2}, TensorShapeProto{dim 1},
 * TensorShapeProto.Dimension{dim_value 1, dim_param 2}, FunctionProto{name 1, node 7, domain 10}.
 */
public final class OnnxReader {

    /** With keepData, the most raw weight bytes one read holds (tests and small models only). */
    public static final long MAX_KEPT_BYTES = 256L << 20;

    private static final String FORMAT = "ONNX model";

    private final ProtoInput in;
    private final boolean keepData;
    private long kept;
    private final List<OnnxFile.Weight> weights = new ArrayList<>();
    private final List<OnnxFile.Nested> nested = new ArrayList<>();

    private OnnxReader(ProtoInput in, boolean keepData) {
        this.in = in;
        this.keepData = keepData;
    }

    /** The model in a file, weights skipped. */
    public static OnnxFile read(Path file) throws ModelFileException {
        return read(file, false);
    }

    public static OnnxFile read(Path file, boolean keepData) throws ModelFileException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        try (InputStream stream = Files.newInputStream(file)) {
            return read(CodedInputStream.newInstance(stream, 1 << 16), size, file.toString(), keepData);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    public static OnnxFile read(byte[] bytes, String name, boolean keepData) throws ModelFileException {
        try {
            return read(CodedInputStream.newInstance(bytes), bytes.length, name, keepData);
        } catch (IOException e) {
            throw new ModelFileException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static OnnxFile read(CodedInputStream stream, long size, String name, boolean keepData)
            throws ModelFileException, IOException {
        if (size == 0) {
            throw new ModelFileException(name + ": empty file, not an ONNX model");
        }
        ProtoInput in = new ProtoInput(stream, size, name, FORMAT);
        OnnxReader r = new OnnxReader(in, keepData);
        try {
            return r.model(size);
        } catch (InvalidProtocolBufferException e) {
            throw in.error(e);
        }
    }

    private OnnxFile model(long size) throws IOException, ModelFileException {
        long ir = 0;
        String producer = null;
        String producerVersion = null;
        OnnxModel.Graph graph = null;
        List<OnnxModel.Opset> opsets = new ArrayList<>();
        List<OnnxFile.LocalFunction> functions = new ArrayList<>();
        boolean sawIr = false;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "ir_version");
                    ir = in.int64();
                    sawIr = true;
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "producer_name");
                    producer = in.string("producer_name", ProtoInput.MAX_STRING);
                }
                case 3 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "producer_version");
                    producerVersion = in.string("producer_version", ProtoInput.MAX_STRING);
                }
                case 7 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "graph");
                    if (graph != null) {
                        throw in.error("a second graph");
                    }
                    graph = in.message("graph", () -> graph("", true, 0));
                }
                case 8 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "opset_import");
                    in.count();
                    opsets.add(in.message("opset_import[" + opsets.size() + "]", this::opset));
                }
                case 25 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "functions");
                    in.count();
                    functions.add(in.message("functions[" + functions.size() + "]", this::function));
                }
                default -> in.skip(tag);
            }
        }
        if (graph == null) {
            throw in.error("no graph (ModelProto field 7): every ONNX model has one");
        }
        if (!sawIr || ir <= 0) {
            throw in.error("no ir_version (ModelProto field 1): every ONNX model states one");
        }
        return new OnnxFile(new OnnxModel(ir, opsets, producer, producerVersion, graph), weights, nested, functions, size);
    }

    private OnnxModel.Opset opset() throws IOException, ModelFileException {
        String domain = "";
        long version = 0;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "domain");
                    domain = in.string("domain", ProtoInput.MAX_STRING);
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "version");
                    version = in.int64();
                }
                default -> in.skip(tag);
            }
        }
        return new OnnxModel.Opset(domain, version);
    }

    private OnnxFile.LocalFunction function() throws IOException, ModelFileException {
        String name = null;
        String domain = "";
        List<OnnxModel.Node> nodes = new ArrayList<>();
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "name");
                    name = in.string("name", ProtoInput.MAX_STRING);
                }
                case 7 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "node");
                    in.count();
                    nodes.add(in.message("node[" + nodes.size() + "]", () -> node("", 1)));
                }
                case 10 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "domain");
                    domain = in.string("domain", ProtoInput.MAX_STRING);
                }
                default -> in.skip(tag);
            }
        }
        return new OnnxFile.LocalFunction(domain, name == null ? "" : name, nodes);
    }

    /**
     * A GraphProto. The main graph's initializers become weights; a subgraph's nodes go to the
     * nested list under {@code owner}, since a model's operators are those of its subgraphs too.
     */
    private OnnxModel.Graph graph(String owner, boolean main, int depth) throws IOException, ModelFileException {
        String name = "";
        List<OnnxModel.Node> nodes = new ArrayList<>();
        List<OnnxModel.Tensor> initializers = new ArrayList<>();
        List<OnnxModel.ValueInfo> inputs = new ArrayList<>();
        List<OnnxModel.ValueInfo> outputs = new ArrayList<>();
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "node");
                    in.count();
                    OnnxModel.Node n = in.message("node[" + nodes.size() + "]", () -> node(owner, depth));
                    nodes.add(n);
                    if (!main) {
                        nested.add(new OnnxFile.Nested(owner, n));
                    }
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "name");
                    name = in.string("name", ProtoInput.MAX_STRING);
                }
                case 5 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "initializer");
                    in.count();
                    OnnxModel.Tensor t = in.message("initializer[" + initializers.size() + "]", () -> tensor(main));
                    if (main) {
                        initializers.add(t);
                    }
                }
                case 11, 12 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "input/output");
                    in.count();
                    List<OnnxModel.ValueInfo> list = ProtoInput.field(tag) == 11 ? inputs : outputs;
                    list.add(in.message((ProtoInput.field(tag) == 11 ? "input[" : "output[") + list.size() + "]",
                            this::valueInfo));
                }
                default -> in.skip(tag);
            }
        }
        return new OnnxModel.Graph(name, nodes, initializers, inputs, outputs);
    }

    private OnnxModel.Node node(String owner, int depth) throws IOException, ModelFileException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        List<OnnxModel.Attribute> attributes = new ArrayList<>();
        int[] attributeCount = {0};
        String name = null;
        String opType = null;
        String domain = "";
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1, 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "input/output");
                    in.count();
                    (ProtoInput.field(tag) == 1 ? inputs : outputs).add(in.string("tensor name", ProtoInput.MAX_STRING));
                }
                case 3 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "name");
                    name = in.string("node name", ProtoInput.MAX_STRING);
                }
                case 4 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "op_type");
                    opType = in.string("op_type", ProtoInput.MAX_STRING);
                }
                case 5 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "attribute");
                    in.count();
                    String nodeName = name;
                    in.message("attribute[" + attributeCount[0]++ + "]", () -> {
                        attribute(attributes, owner, nodeName, depth);
                        return null;
                    });
                }
                case 7 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "domain");
                    domain = in.string("domain", ProtoInput.MAX_STRING);
                }
                default -> in.skip(tag);
            }
        }
        if (opType == null || opType.isEmpty()) {
            throw in.error("a node without op_type");
        }
        return new OnnxModel.Node(name, opType, domain, inputs, outputs, attributes);
    }

    /**
     * An AttributeProto: the kinds the model records hold (float, int, ints, string) are kept; a
     * graph (If branches, Loop and Scan bodies) is read for its nodes, with the depth bounded.
     */
    private void attribute(List<OnnxModel.Attribute> out, String owner, String nodeName, int depth) throws IOException, ModelFileException {
        String name = "";
        Float f = null;
        Long i = null;
        String s = null;
        List<Long> ints = new ArrayList<>();
        int type = 0;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "name");
                    name = in.string("attribute name", ProtoInput.MAX_STRING);
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_FIXED32, "f");
                    f = in.float32();
                }
                case 3 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "i");
                    i = in.int64();
                }
                case 4 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "s");
                    // A long string attribute (an embedded blob) is not kept: the records are for graphs.
                    s = in.stringOrSkip(ProtoInput.MAX_STRING);
                }
                case 6, 11 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "g/graphs");
                    if (depth + 1 > ProtoInput.MAX_DEPTH / 4) {
                        throw in.error("subgraphs nested more than " + ProtoInput.MAX_DEPTH / 4 + " deep");
                    }
                    String where = (owner.isEmpty() ? "" : owner + " > ") + (nodeName == null ? "?" : nodeName) + "." + name;
                    in.message(ProtoInput.field(tag) == 6 ? "g" : "graphs", () -> graph(where, false, depth + 1));
                }
                case 8 -> in.varints(tag, ints::add);
                case 20 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "type");
                    type = in.int32();
                }
                default -> in.skip(tag);
            }
        }
        // AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, INTS 7.
        switch (type) {
            case 1 -> out.add(new OnnxModel.Attribute.FloatValue(name, f == null ? 0f : f));
            case 2 -> out.add(new OnnxModel.Attribute.IntValue(name, i == null ? 0L : i));
            case 3 -> out.add(new OnnxModel.Attribute.StringValue(name, s == null ? "" : s));
            case 7 -> out.add(new OnnxModel.Attribute.Ints(name, ints));
            default -> {
                // Tensors, graphs, lists of floats or strings: not held by the records.
            }
        }
    }

    /** A TensorProto: dims, type, name, where its data is and how many bytes it takes. */
    private OnnxModel.Tensor tensor(boolean main) throws IOException, ModelFileException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        byte[] raw = null;
        long rawBytes = 0;
        // The typed fields hold one value per element whatever the element's width (a float16 or a
        // bool takes a whole int32_data entry), so they are counted as values, not bytes.
        long values = 0;
        long stringBytes = 0;
        Map<String, String> external = new LinkedHashMap<>();
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> in.varints(tag, dims::add);
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "data_type");
                    dataType = in.int32();
                }
                case 4 -> values += in.fixedCount(tag, 4);
                case 10 -> values += in.fixedCount(tag, 8);
                case 5, 7, 11 -> values += in.varintCount(tag);
                case 6 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "string_data");
                    in.count();
                    stringBytes += in.skipLengthDelimited();
                    values++;
                }
                case 8 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "name");
                    name = in.string("tensor name", ProtoInput.MAX_STRING);
                }
                case 9 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "raw_data");
                    if (keepData && main) {
                        raw = in.bytes("raw_data", MAX_KEPT_BYTES - kept);
                        kept += raw.length;
                        rawBytes += raw.length;
                    } else {
                        rawBytes += in.skipLengthDelimited();
                    }
                }
                case 13 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "external_data");
                    in.count();
                    String[] kv = in.message("external_data[" + external.size() + "]", this::keyValue);
                    external.put(kv[0], kv[1]);
                }
                default -> in.skip(tag);
            }
        }
        OnnxModel.ElementType type = OnnxModel.ElementType.of(dataType);
        if (main) {
            weights.add(new OnnxFile.Weight(name, type, dims, rawBytes + typedBytes(type, values, stringBytes), external));
        }
        return new OnnxModel.Tensor(name, type == null ? OnnxModel.ElementType.UNDEFINED : type, dims, raw, external);
    }

    /**
     * Bytes the typed fields' values stand for: elements times the element's width; a complex
     * element is two values; strings are their lengths; a type without a fixed width counts its
     * values at 4 bytes, as they are stored.
     */
    private static long typedBytes(OnnxModel.ElementType type, long values, long stringBytes) {
        if (type == OnnxModel.ElementType.STRING) {
            return stringBytes;
        }
        if (type == null || type.bytes == 0) {
            return values * 4;
        }
        boolean complex = type == OnnxModel.ElementType.COMPLEX64 || type == OnnxModel.ElementType.COMPLEX128;
        return (complex ? values / 2 : values) * type.bytes;
    }

    /** StringStringEntryProto: key 1, value 2, both strings. */
    private String[] keyValue() throws IOException, ModelFileException {
        ProtoInput.MapEntry<String> e = in.mapEntry("key", tag -> in.string("value", ProtoInput.MAX_STRING));
        return new String[] {e.key(), e.value() == null ? "" : e.value()};
    }

    private OnnxModel.ValueInfo valueInfo() throws IOException, ModelFileException {
        String name = "";
        OnnxModel.ValueInfo typed = null;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "name");
                    name = in.string("value name", ProtoInput.MAX_STRING);
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "type");
                    typed = in.message("type", this::typeProto);
                }
                default -> in.skip(tag);
            }
        }
        // A value that is not a tensor (sequence, map, optional) has no element type here: null.
        return typed == null ? new OnnxModel.ValueInfo(name, null, null) : new OnnxModel.ValueInfo(name, typed.type(), typed.shape());
    }

    private OnnxModel.ValueInfo typeProto() throws IOException, ModelFileException {
        OnnxModel.ValueInfo t = null;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            if (ProtoInput.field(tag) == 1) {
                in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "tensor_type");
                t = in.message("tensor_type", this::tensorType);
            } else {
                in.skip(tag);
            }
        }
        return t;
    }

    private OnnxModel.ValueInfo tensorType() throws IOException, ModelFileException {
        int elem = 0;
        List<OnnxModel.Dim> shape = null;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "elem_type");
                    elem = in.int32();
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "shape");
                    shape = in.message("shape", this::shape);
                }
                default -> in.skip(tag);
            }
        }
        OnnxModel.ElementType type = OnnxModel.ElementType.of(elem);
        return new OnnxModel.ValueInfo("", type == null ? OnnxModel.ElementType.UNDEFINED : type, shape);
    }

    private List<OnnxModel.Dim> shape() throws IOException, ModelFileException {
        List<OnnxModel.Dim> dims = new ArrayList<>();
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            if (ProtoInput.field(tag) == 1) {
                in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "dim");
                in.count();
                dims.add(in.message("dim[" + dims.size() + "]", this::dim));
            } else {
                in.skip(tag);
            }
        }
        return dims;
    }

    private OnnxModel.Dim dim() throws IOException, ModelFileException {
        Long value = null;
        String param = null;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "dim_value");
                    value = in.int64();
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "dim_param");
                    param = in.string("dim_param", ProtoInput.MAX_STRING);
                }
                default -> in.skip(tag);
            }
        }
        return new OnnxModel.Dim(value, param);
    }
}
