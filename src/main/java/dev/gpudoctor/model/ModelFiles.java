package dev.gpudoctor.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Tells what a path given to {@code model inspect} is, from its content rather than its name: an
 * ONNX model, a SavedModel folder or its saved_model.pb alone, a frozen GraphDef; and for other
 * files, what they look like (HDF5, ZIP, TensorFlow Lite, text), so that the refusal says what to do.
 */
public final class ModelFiles {

    /** SavedModel's file name in its folder (tensorflow/cc/saved_model/constants.h: kSavedModelFilenamePb). */
    public static final String SAVED_MODEL_PB = "saved_model.pb";
    static final String SAVED_MODEL_PBTXT = "saved_model.pbtxt";
    public static final String VARIABLES = "variables";

    /** How many top-level fields are looked at to tell one protobuf format from another. */
    private static final int SNIFF_FIELDS = 64;

    /**
     * A path identified.
     *
     * @param file       the file to read (the folder's saved_model.pb for a SavedModel folder)
     * @param folder     the SavedModel folder (given, or the folder of a saved_model.pb given alone), else null
     * @param pbAlone    a SavedModel's saved_model.pb was given instead of its folder
     */
    public record Identified(ModelKind kind, Path given, Path file, Path folder, boolean pbAlone) {
    }

    private ModelFiles() {
    }

    public static Identified identify(Path given) throws ModelFileException {
        if (Files.isDirectory(given)) {
            return folder(given);
        }
        if (!Files.exists(given)) {
            throw new ModelFileException(given + ": no such file or folder");
        }
        if (!Files.isRegularFile(given)) {
            throw new ModelFileException(given + ": not a regular file");
        }
        if (!Files.isReadable(given)) {
            throw new ModelFileException(given + ": not readable by this user");
        }
        ModelKind kind = sniff(given);
        if (kind == ModelKind.TF_SAVED_MODEL) {
            Path parent = given.getParent() != null ? given.getParent() : Path.of(".");
            return new Identified(kind, given, given, parent, true);
        }
        return new Identified(kind, given, given, null, false);
    }

    private static Identified folder(Path dir) throws ModelFileException {
        Path pb = dir.resolve(SAVED_MODEL_PB);
        if (Files.isRegularFile(pb)) {
            ModelKind kind = sniff(pb);
            if (kind != ModelKind.TF_SAVED_MODEL) {
                throw new ModelFileException(pb + ": named like a SavedModel's but holds " + kind.withArticle());
            }
            return new Identified(ModelKind.TF_SAVED_MODEL, dir, pb, dir, false);
        }
        if (Files.isRegularFile(dir.resolve(SAVED_MODEL_PBTXT))) {
            throw new ModelFileException(dir + ": a SavedModel in text form (" + SAVED_MODEL_PBTXT + "), which gpu-doctor does"
                    + " not read; TensorFlow's saved_model_cli show --dir " + dir + " --all lists its signatures");
        }
        List<String> models = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".onnx") || n.endsWith(".pb"))
                    .sorted().limit(5).forEach(models::add);
        } catch (IOException e) {
            throw new ModelFileException(dir + ": cannot list: " + e.getMessage(), e);
        }
        throw new ModelFileException(dir + ": a folder without " + SAVED_MODEL_PB + ", so not a SavedModel"
                + (models.isEmpty() ? "" : "; give one of its files instead: " + String.join(", ", models)));
    }

    /** The kind of a file, or a refusal that names what it looks like instead. */
    static ModelKind sniff(Path file) throws ModelFileException {
        long size;
        byte[] head = new byte[16];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        if (size == 0) {
            throw new ModelFileException(file + ": empty file, not a model");
        }
        String other = otherFormat(Arrays.copyOf(head, n));
        if (other != null) {
            throw new ModelFileException(file + ": " + other);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return protobufKind(CodedInputStream.newInstance(in, 1 << 16), size, file);
        } catch (IOException e) {
            throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** Formats recognized by their first bytes, worded as the reason for not reading them; null for none. */
    static String otherFormat(byte[] head) {
        if (startsWith(head, new byte[] {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'})) {
            return "an HDF5 file (a Keras .h5 model?), not an ONNX or TensorFlow protobuf file; save the model as a"
                    + " SavedModel folder and inspect that";
        }
        if (startsWith(head, new byte[] {'P', 'K', 3, 4})) {
            return "a ZIP archive (a .keras model, a PyTorch checkpoint, a zipped SavedModel?), not an ONNX or TensorFlow"
                    + " protobuf file";
        }
        if (head.length >= 8 && head[4] == 'T' && head[5] == 'F' && head[6] == 'L' && head[7] == '3') {
            return "a TensorFlow Lite model (flatbuffer 'TFL3'); tf2onnx converts it with --tflite";
        }
        if (head.length > 0 && looksLikeText(head)) {
            return "a text file (protobuf text format? a .pbtxt?), not a binary ONNX or TensorFlow model";
        }
        return null;
    }

    private static boolean looksLikeText(byte[] head) {
        for (byte b : head) {
            int c = b & 0xff;
            if (!(c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7f))) {
                return false;
            }
        }
        // Binary protobuf can start with printable bytes too ("\n" then a length and a name), so
        // text must not begin with a field tag ONNX or GraphDef files begin with.
        return head[0] != '\n' && head[0] != 0x08 && head[0] != 0x12 && head[0] != 0x1a;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        if (b.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (b[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Tells ONNX, GraphDef and SavedModel apart by their first top-level fields (contents skipped):
     * ONNX's ModelProto has ir_version (1, a number) and graph or opset_import (7, 8); a GraphDef
     * starts with nodes (1, a message) or has versions (4); a SavedModel has only its schema
     * version (1, a number) and meta graphs (2, messages).
     */
    static ModelKind protobufKind(CodedInputStream stream, long size, Path file) throws ModelFileException, IOException {
        ProtoInput in = new ProtoInput(stream, size, file.toString(), "ONNX or TensorFlow model");
        Set<Integer> seen = new HashSet<>();
        int whole = 0;
        ModelFileException broken = null;
        try {
            for (int fields = 0; fields < SNIFF_FIELDS; fields++) {
                int tag = in.tag();
                if (tag == 0) {
                    break;
                }
                // A field that starts well tells the format even when its end is cut off: the
                // reader then says where, in the format's own terms.
                seen.add(tag);
                if (ProtoInput.isLengthDelimited(tag)) {
                    in.skipLengthDelimited();
                } else {
                    in.skip(tag);
                }
                whole++;
            }
        } catch (InvalidProtocolBufferException e) {
            broken = in.error(e);
        } catch (ModelFileException e) {
            broken = e;
        }
        // Noise often makes one tag, rarely a tag and its value.
        if (whole == 0 && broken != null) {
            throw new ModelFileException(file + ": not a protocol-buffer file, so neither an ONNX model nor a TensorFlow .pb");
        }
        ModelKind kind = kindOf(seen, file);
        if (kind == null) {
            throw broken != null ? broken : new ModelFileException(file + ": a protocol-buffer file, but neither an ONNX model (no graph,"
                    + " field 7) nor a TensorFlow GraphDef or SavedModel (fields seen: " + describe(seen) + ")");
        }
        return kind;
    }

    private static ModelKind kindOf(Set<Integer> seen, Path file) {
        int varint1 = tag(1, WireFormat.WIRETYPE_VARINT);
        int message1 = tag(1, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        int message2 = tag(2, WireFormat.WIRETYPE_LENGTH_DELIMITED);
        boolean onnxGraph = seen.contains(tag(7, WireFormat.WIRETYPE_LENGTH_DELIMITED))
                || seen.contains(tag(8, WireFormat.WIRETYPE_LENGTH_DELIMITED));
        if (onnxGraph && !seen.contains(message1)) {
            return ModelKind.ONNX;
        }
        if (seen.contains(message1) || seen.contains(tag(4, WireFormat.WIRETYPE_LENGTH_DELIMITED))) {
            return ModelKind.TF_GRAPH_DEF;
        }
        if (seen.contains(message2) && seen.stream().allMatch(t -> t == varint1 || t == message2)) {
            return file.getFileName() != null && file.getFileName().toString().equals(SAVED_MODEL_PB) || seen.contains(varint1)
                    ? ModelKind.TF_SAVED_MODEL : ModelKind.TF_GRAPH_DEF;
        }
        return null;
    }

    /** A tag as the wire writes it (field number and wire type); WireFormat.makeTag is not public. */
    private static int tag(int field, int wireType) {
        return field << 3 | wireType;
    }

    private static String describe(Set<Integer> tags) {
        return String.join(", ", tags.stream().sorted().limit(8)
                .map(t -> WireFormat.getTagFieldNumber(t) + (ProtoInput.isLengthDelimited(t) ? " (bytes)" : " (number)"))
                .toList());
    }

}
