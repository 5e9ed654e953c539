package dev.gpudoctor.model;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Protocol-buffer wire input for the model readers, over protobuf-java's {@link CodedInputStream}
 * (which does the varints, limits and truncation checks) with what a reader of hostile files needs
 * on top: every length checked against what is left before anything is allocated, a budget of
 * repeated items so that a 2 GB file of empty messages cannot fill the heap, a bound on nesting,
 * and the path of the field being read ("graph.node[3].attribute[1]") for the error message.
 *
 * Groups (wire types 3 and 4) are refused: neither onnx.proto nor TensorFlow's protos use them,
 * and skipping them recurses once per nesting level.
 */
public final class ProtoInput {

    /** The longest name or short string kept; a longer one is skipped or refused, never held. */
    public static final int MAX_STRING = 1 << 16;

    /** Repeated items (nodes, inputs, dims, ...) one file may hold before the reader gives up. */
    public static final long MAX_ITEMS = 20_000_000;

    /** Messages nested deeper than this (subgraphs of subgraphs ...) are refused. */
    public static final int MAX_DEPTH = 64;

    /** Reads one message's fields. */
    @FunctionalInterface
    public interface Body<T> {
        T read() throws IOException, ModelFileException;
    }

    private final CodedInputStream in;
    private final String file;
    private final String format;
    private final Deque<String> path = new ArrayDeque<>();
    private long items;

    /**
     * @param size   the input's length in bytes, the outermost limit of every length read
     * @param file   how the file is named in messages
     * @param format what it is read as ("an ONNX model"), for "not a readable ..." messages
     */
    public ProtoInput(CodedInputStream in, long size, String file, String format) throws ModelFileException {
        this.in = in;
        this.file = file;
        this.format = format;
        if (size > Integer.MAX_VALUE) {
            throw new ModelFileException(file + ": " + size + " bytes, more than the 2 GiB a protocol-buffer file can hold;"
                    + " models this large keep their weights in separate files");
        }
        try {
            in.pushLimit((int) size);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFileException(file + ": cannot read: " + e.getMessage(), e);
        }
        // protobuf-java's own guard against deep nesting is for generated messages; this reader counts its own.
        in.setRecursionLimit(MAX_DEPTH + 8);
    }

    /** The next field's tag within the current message, or 0 at its end. */
    public int tag() throws IOException, ModelFileException {
        if (in.isAtEnd()) {
            return 0;
        }
        int tag = in.readTag();
        int type = WireFormat.getTagWireType(tag);
        if (type == WireFormat.WIRETYPE_START_GROUP || type == WireFormat.WIRETYPE_END_GROUP) {
            throw error("a group (wire type " + type + ") in field " + WireFormat.getTagFieldNumber(tag)
                    + ", which this format never uses");
        }
        return tag;
    }

    public static int field(int tag) {
        return WireFormat.getTagFieldNumber(tag);
    }

    public static int wireType(int tag) {
        return WireFormat.getTagWireType(tag);
    }

    public static boolean isLengthDelimited(int tag) {
        return WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED;
    }

    /** Reads a length-delimited sub-message named {@code name} for messages ("node[3]"). */
    public <T> T message(String name, Body<T> body) throws IOException, ModelFileException {
        if (path.size() >= MAX_DEPTH) {
            throw error("messages nested more than " + MAX_DEPTH + " deep");
        }
        // Named before its length is read: a length that overruns the file is this message's fault.
        path.addLast(name);
        try {
            int old = in.pushLimit(length());
            try {
                T value = body.read();
                // A body that stopped early (it found what it wanted) leaves the rest of its message unread.
                in.skipRawBytes(in.getBytesUntilLimit());
                return value;
            } finally {
                in.popLimit(old);
            }
        } finally {
            path.removeLast();
        }
    }

    /** One entry of a protobuf {@code map<string, V>}; the value is null where the entry has none. */
    public record MapEntry<V>(String key, V value) {
    }

    /** Reads the value of a map entry (field 2) whose tag has been read. */
    public interface MapValue<V> {
        V read(int tag) throws IOException, ModelFileException;
    }

    /**
     * The body of a {@code map<string, V>} entry, inside {@link #message}: on the wire a message with
     * the key as field 1 and the value as field 2, both length-delimited here.
     *
     * @param keyName what the key is called in errors ("signature key")
     */
    public <V> MapEntry<V> mapEntry(String keyName, MapValue<V> value) throws IOException, ModelFileException {
        String key = "";
        V v = null;
        for (int tag = tag(); tag != 0; tag = tag()) {
            switch (field(tag)) {
                case 1 -> {
                    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "key");
                    key = string(keyName, MAX_STRING);
                }
                case 2 -> {
                    expect(tag, WireFormat.WIRETYPE_LENGTH_DELIMITED, "value");
                    v = value.read(tag);
                }
                default -> skip(tag);
            }
        }
        return new MapEntry<>(key, v);
    }

    /** A string of at most {@code max} bytes, decoded leniently: names are shown, never executed. */
    public String string(String what, int max) throws IOException, ModelFileException {
        int length = length();
        if (length > max) {
            throw error(what + " of " + length + " bytes, more than the " + max + " allowed");
        }
        return new String(in.readRawBytes(length), StandardCharsets.UTF_8);
    }

    /** A string of at most {@code max} bytes, or null (skipped) when longer. */
    public String stringOrSkip(int max) throws IOException, ModelFileException {
        int length = length();
        if (length > max) {
            in.skipRawBytes(length);
            return null;
        }
        return new String(in.readRawBytes(length), StandardCharsets.UTF_8);
    }

    /** Bytes of at most {@code max} (raw weights kept for a round trip). */
    public byte[] bytes(String what, long max) throws IOException, ModelFileException {
        int length = length();
        if (length > max) {
            throw error(what + " of " + length + " bytes, more than the " + max + " kept");
        }
        return in.readRawBytes(length);
    }

    /** Skips a length-delimited field and says how long it was. */
    public int skipLengthDelimited() throws IOException, ModelFileException {
        int length = length();
        in.skipRawBytes(length);
        return length;
    }

    public long int64() throws IOException {
        return in.readInt64();
    }

    public int int32() throws IOException {
        return in.readInt32();
    }

    public boolean bool() throws IOException {
        return in.readBool();
    }

    public float float32() throws IOException {
        return in.readFloat();
    }

    /**
     * One field of a repeated varint (int64 dims, enum lists): packed (a length-delimited run) or
     * not, as proto2 and proto3 writers differ; each value goes to {@code sink}.
     */
    public void varints(int tag, VarintSink sink) throws IOException, ModelFileException {
        if (isLengthDelimited(tag)) {
            int old = in.pushLimit(length());
            try {
                while (!in.isAtEnd()) {
                    count();
                    sink.accept(in.readInt64());
                }
            } finally {
                in.popLimit(old);
            }
        } else if (wireType(tag) == WireFormat.WIRETYPE_VARINT) {
            count();
            sink.accept(in.readInt64());
        } else {
            throw error("field " + field(tag) + " has wire type " + wireType(tag) + " where numbers are expected");
        }
    }

    @FunctionalInterface
    public interface VarintSink {
        void accept(long value) throws ModelFileException;
    }

    /** The number of fixed-size values (4 or 8 bytes each) in one field of a repeated float/double. */
    public long fixedCount(int tag, int width) throws IOException, ModelFileException {
        if (isLengthDelimited(tag)) {
            int length = skipLengthDelimited();
            return length / width;
        }
        in.skipField(tag);
        return 1;
    }

    /** The number of varints in one field of a repeated int32/int64/uint64, read without keeping them. */
    public long varintCount(int tag) throws IOException, ModelFileException {
        long[] n = {0};
        varints(tag, v -> n[0]++);
        return n[0];
    }

    public void skip(int tag) throws IOException {
        in.skipField(tag);
    }

    /** One more repeated item; past {@link #MAX_ITEMS} the file is refused rather than held. */
    public void count() throws ModelFileException {
        if (++items > MAX_ITEMS) {
            throw error("more than " + MAX_ITEMS + " repeated items (nodes, names, dimensions)");
        }
    }

    /** Requires a field's wire type; a mismatch means the bytes are not this message. */
    public void expect(int tag, int wireType, String what) throws ModelFileException {
        if (wireType(tag) != wireType) {
            throw error(what + " (field " + field(tag) + ") has wire type " + wireType(tag) + ", not " + wireType);
        }
    }

    public long offset() {
        return in.getTotalBytesRead();
    }

    /** An error at the current field: file, format, what, where. */
    public ModelFileException error(String what) {
        String joined = String.join(".", path);
        // Deep nesting makes a long path: its ends say where, the middle is elided.
        if (joined.length() > 160) {
            joined = joined.substring(0, 60) + "..." + joined.substring(joined.length() - 90);
        }
        String where = path.isEmpty() ? "" : " in " + shown(joined);
        return new ModelFileException(file + ": not a readable " + format + ": " + what + where + " (at byte " + offset() + ")");
    }

    /** protobuf-java's wording of a wire error, in this tool's. */
    public ModelFileException error(InvalidProtocolBufferException e) {
        String m = String.valueOf(e.getMessage());
        String what;
        if (m.contains("ended unexpectedly") || m.contains("Truncated")) {
            what = "the file ends in the middle of a field (truncated?)";
        } else if (m.contains("malformed varint")) {
            what = "a malformed number (varint)";
        } else if (m.contains("invalid tag")) {
            what = "an invalid field tag";
        } else if (m.contains("wire type")) {
            what = "an invalid wire type";
        } else if (m.contains("negative size")) {
            what = "a negative length";
        } else if (m.contains("too many levels of nesting")) {
            what = "messages nested too deep";
        } else {
            what = m;
        }
        return error(what);
    }

    private int length() throws IOException, ModelFileException {
        int length = in.readRawVarint32();
        if (length < 0) {
            throw error("a negative length");
        }
        int left = in.getBytesUntilLimit();
        if (left >= 0 && length > left) {
            throw error("a length of " + length + " bytes where " + left + " are left (truncated?)");
        }
        return length;
    }

    /** A name as shown in messages and reports: at most 200 characters, no control characters. */
    public static String shown(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(200).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.codePointCount(0, s.length()) > 200 ? b + "..." : b.toString();
    }
}
