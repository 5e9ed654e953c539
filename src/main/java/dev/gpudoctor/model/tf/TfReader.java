package dev.gpudoctor.model.tf;

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
import java.util.List;

/**
 * Reads TensorFlow's GraphDef (a frozen graph .pb) and SavedModel (saved_model.pb) files with
 * protobuf-java's wire reader, without TensorFlow. Constant values and function bodies are skipped.
 * Field numbers, from tensorflow/tensorflow:
 * tensorflow/core/framework/graph.proto: GraphDef{node 1, library 2, versions 4};
 * tensorflow/core/framework/function.proto: FunctionDefLibrary{function 1};
 * tensorflow/core/framework/node_def.proto: NodeDef{name 1, op 2, input 3, device 4, attr 5 (map: key 1, value 2)};
 * tensorflow/core/framework/attr_value.proto: AttrValue{list 1, s 2, i 3, f 4, b 5, type 6, shape 7, tensor 8};
 * tensorflow/core/framework/tensor_shape.proto: TensorShapeProto{dim 2, unknown_rank 3}, Dim{size 1, name 2};
 * tensorflow/core/framework/types.proto: DataType (see {@link TfTypes});
 * tensorflow/core/protobuf/saved_model.proto: SavedModel{saved_model_schema_version 1, meta_graphs 2};
 * tensorflow/core/protobuf/meta_graph.proto: MetaGraphDef{meta_info_def 1, graph_def 2, signature_def 5 (map)},
 * MetaInfoDef{tags 4, tensorflow_version 5}, SignatureDef{inputs 1, outputs 2 (maps), method_name 3},
 * TensorInfo{name 1, dtype 2, tensor_shape 3, coo_sparse 4, composite_tensor 5}.
 */
public final class TfReader {

    static final String GRAPH_DEF = "TensorFlow GraphDef";
    static final String SAVED_MODEL = "TensorFlow SavedModel (saved_model.pb)";

    private final ProtoInput in;

    private TfReader(ProtoInput in) {
        this.in = in;
    }

    public static TfGraph readGraphDef(Path file) throws ModelFileException {
        return withFile(file, GRAPH_DEF, r -> r.graphDef());
    }

    public static TfGraph readGraphDef(byte[] bytes, String name) throws ModelFileException {
        return withBytes(bytes, name, GRAPH_DEF, r -> r.graphDef());
    }

    public static SavedModel readSavedModel(Path file) throws ModelFileException {
        return withFile(file, SAVED_MODEL, TfReader::savedModel);
    }

    public static SavedModel readSavedModel(byte[] bytes, String name) throws ModelFileException {
        return withBytes(bytes, name, SAVED_MODEL, TfReader::savedModel);
    }

    @FunctionalInterface
    private interface Read<T> {
        T apply(TfReader r) throws IOException, ModelFileException;
    }

    private static <T> T withFile(Path file, String format, Read<T> read) throws ModelFileException {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        try (InputStream stream = Files.newInputStream(file)) {
            return run(CodedInputStream.newInstance(stream, 1 << 16), size, file.toString(), format, read);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static <T> T withBytes(byte[] bytes, String name, String format, Read<T> read) throws ModelFileException {
        try {
            return run(CodedInputStream.newInstance(bytes), bytes.length, name, format, read);
        } catch (IOException e) {
            throw new ModelFileException(name + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static <T> T run(CodedInputStream stream, long size, String name, String format, Read<T> read)
            throws ModelFileException, IOException {
        if (size == 0) {
            throw new ModelFileException(name + ": empty file, not a " + format);
        }
        ProtoInput in = new ProtoInput(stream, size, name, format);
        try {
            return read.apply(new TfReader(in));
        } catch (InvalidProtocolBufferException e) {
            throw in.error(e);
        }
    }

    private TfGraph graphDef() throws IOException, ModelFileException {
        List<TfGraph.Node> nodes = new ArrayList<>();
        int[] functions = {0};
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "node");
                    in.count();
                    nodes.add(in.message("node[" + nodes.size() + "]", this::node));
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "library");
                    in.message("library", () -> {
                        for (int t = in.tag(); t != 0; t = in.tag()) {
                            if (ProtoInput.field(t) == 1) {
                                in.count();
                                functions[0]++;
                            }
                            in.skip(t);
                        }
                        return null;
                    });
                }
                default -> in.skip(tag);
            }
        }
        return new TfGraph(nodes, functions[0]);
    }

    private TfGraph.Node node() throws IOException, ModelFileException {
        String name = null;
        String op = null;
        List<String> inputs = new ArrayList<>();
        Integer[] dtype = {null};
        TfGraph.Shape[] shape = {null};
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "name");
                    name = in.string("node name", ProtoInput.MAX_STRING);
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "op");
                    op = in.string("op", ProtoInput.MAX_STRING);
                }
                case 3 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "input");
                    in.count();
                    inputs.add(in.string("input", ProtoInput.MAX_STRING));
                }
                case 5 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "attr");
                    in.count();
                    in.message("attr", () -> {
                        attr(dtype, shape);
                        return null;
                    });
                }
                default -> in.skip(tag);
            }
        }
        if (name == null || name.isEmpty()) {
            throw in.error("a node without a name");
        }
        if (op == null || op.isEmpty()) {
            throw in.error("node '" + ProtoInput.shown(name) + "' has no op");
        }
        return new TfGraph.Node(name, op, inputs, dtype[0], shape[0]);
    }

    /** One entry of NodeDef.attr: only "dtype" (a type) and "shape" (a shape) are kept. */
    private void attr(Integer[] dtype, TfGraph.Shape[] shape) throws IOException, ModelFileException {
        String key = null;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "key");
                    key = in.stringOrSkip(ProtoInput.MAX_STRING);
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "value");
                    if ("dtype".equals(key) || "shape".equals(key)) {
                        in.message("attr[" + key + "]", () -> {
                            attrValue(dtype, shape);
                            return null;
                        });
                    } else {
                        in.skipLengthDelimited();
                    }
                }
                default -> in.skip(tag);
            }
        }
    }

    private void attrValue(Integer[] dtype, TfGraph.Shape[] shape) throws IOException, ModelFileException {
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 6 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "type");
                    dtype[0] = in.int32();
                }
                case 7 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "shape");
                    shape[0] = in.message("shape", this::shape);
                }
                default -> in.skip(tag);
            }
        }
    }

    private TfGraph.Shape shape() throws IOException, ModelFileException {
        List<Long> sizes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean unknownRank = false;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "dim");
                    in.count();
                    long[] size = {0};
                    String[] dimName = {""};
                    in.message("dim[" + sizes.size() + "]", () -> {
                        for (int t = in.tag(); t != 0; t = in.tag()) {
                            if (ProtoInput.field(t) == 1 && ProtoInput.wireType(t) == WireFormat.WIRETYPE_VARINT) {
                                size[0] = in.int64();
                            } else if (ProtoInput.field(t) == 2 && ProtoInput.isLengthDelimited(t)) {
                                dimName[0] = in.string("dim name", ProtoInput.MAX_STRING);
                            } else {
                                in.skip(t);
                            }
                        }
                        return null;
                    });
                    sizes.add(size[0]);
                    names.add(dimName[0]);
                }
                case 3 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "unknown_rank");
                    unknownRank = in.bool();
                }
                default -> in.skip(tag);
            }
        }
        return new TfGraph.Shape(sizes, names, unknownRank);
    }

    private SavedModel savedModel() throws IOException, ModelFileException {
        long version = 0;
        List<SavedModel.MetaGraph> metaGraphs = new ArrayList<>();
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "saved_model_schema_version");
                    version = in.int64();
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "meta_graphs");
                    in.count();
                    metaGraphs.add(in.message("meta_graphs[" + metaGraphs.size() + "]", this::metaGraph));
                }
                default -> in.skip(tag);
            }
        }
        if (metaGraphs.isEmpty()) {
            throw in.error("no meta graph (SavedModel field 2): a SavedModel holds at least one");
        }
        return new SavedModel(version, metaGraphs);
    }

    private SavedModel.MetaGraph metaGraph() throws IOException, ModelFileException {
        List<String> tags = new ArrayList<>();
        String[] tfVersion = {null};
        TfGraph graph = null;
        List<SavedModel.Signature> signatures = new ArrayList<>();
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "meta_info_def");
                    in.message("meta_info_def", () -> {
                        for (int t = in.tag(); t != 0; t = in.tag()) {
                            if (ProtoInput.field(t) == 4 && ProtoInput.isLengthDelimited(t)) {
                                in.count();
                                tags.add(in.string("tag", ProtoInput.MAX_STRING));
                            } else if (ProtoInput.field(t) == 5 && ProtoInput.isLengthDelimited(t)) {
                                tfVersion[0] = in.string("tensorflow_version", ProtoInput.MAX_STRING);
                            } else {
                                in.skip(t);
                            }
                        }
                        return null;
                    });
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "graph_def");
                    graph = in.message("graph_def", this::graphDef);
                }
                case 5 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "signature_def");
                    in.count();
                    signatures.add(in.message("signature_def[" + signatures.size() + "]", this::signatureEntry));
                }
                default -> in.skip(tag);
            }
        }
        return new SavedModel.MetaGraph(tags, tfVersion[0], graph == null ? new TfGraph(List.of(), 0) : graph, signatures);
    }

    /** A map entry of MetaGraphDef.signature_def: key 1, value 2 (SignatureDef). */
    private SavedModel.Signature signatureEntry() throws IOException, ModelFileException {
        ProtoInput.MapEntry<SavedModel.Signature> e = in.mapEntry("signature key", tag -> in.message("value", this::signature));
        return e.value() == null ? new SavedModel.Signature(e.key(), "", List.of(), List.of())
                : new SavedModel.Signature(e.key(), e.value().methodName(), e.value().inputs(), e.value().outputs());
    }

    private SavedModel.Signature signature() throws IOException, ModelFileException {
        List<SavedModel.TensorSpec> inputs = new ArrayList<>();
        List<SavedModel.TensorSpec> outputs = new ArrayList<>();
        String method = "";
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1, 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "inputs/outputs");
                    in.count();
                    List<SavedModel.TensorSpec> list = ProtoInput.field(tag) == 1 ? inputs : outputs;
                    list.add(in.message((ProtoInput.field(tag) == 1 ? "inputs[" : "outputs[") + list.size() + "]",
                            this::tensorEntry));
                }
                case 3 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "method_name");
                    method = in.string("method_name", ProtoInput.MAX_STRING);
                }
                default -> in.skip(tag);
            }
        }
        return new SavedModel.Signature("", method, inputs, outputs);
    }

    /** A map entry of SignatureDef.inputs/outputs: key 1, value 2 (TensorInfo). */
    private SavedModel.TensorSpec tensorEntry() throws IOException, ModelFileException {
        ProtoInput.MapEntry<SavedModel.TensorSpec> e = in.mapEntry("key", tag -> in.message("value", this::tensorInfo));
        return e.value() == null ? new SavedModel.TensorSpec(e.key(), null, null, null)
                : new SavedModel.TensorSpec(e.key(), e.value().tensorName(), e.value().dtype(), e.value().shape());
    }

    private SavedModel.TensorSpec tensorInfo() throws IOException, ModelFileException {
        String name = null;
        Integer dtype = null;
        TfGraph.Shape shape = null;
        for (int tag = in.tag(); tag != 0; tag = in.tag()) {
            switch (ProtoInput.field(tag)) {
                case 1 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "name");
                    name = in.string("tensor name", ProtoInput.MAX_STRING);
                }
                case 2 -> {
                    in.expect(tag, WireFormat.WIRETYPE_VARINT, "dtype");
                    dtype = in.int32();
                }
                case 3 -> {
                    in.expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "tensor_shape");
                    shape = in.message("tensor_shape", this::shape);
                }
                default -> in.skip(tag);
            }
        }
        return new SavedModel.TensorSpec("", name, dtype, shape);
    }
}
