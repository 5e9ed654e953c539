package dev.gpudoctor.validate.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What the first bytes of a serialized TensorRT engine say, read exactly as TensorRT's own trtexec
 * reads them for {@code --getPlanVersionOnly} (printPlanVersion in NVIDIA/TensorRT
 * samples/common/sampleEngines.cpp, "supported only for engines created with 8.6 and forward"): 28
 * bytes; the little-endian 32-bit word at 0 is the plan tag 0x74727466 (the bytes "ftrt"); when the
 * word at 4 is 0, bytes 24 to 27 are the TensorRT version that built the plan (major, minor, patch,
 * build). Nothing else of the layout is published: other words are not read, and a plan whose word
 * at 4 is not 0 has a version this reader does not claim to know ("the blob index to store the plan
 * version may depend on the serialization version", the same source says). Whether a plan loads is
 * then for TensorRT to say, by loading it.
 *
 * @param size    the file's size in bytes
 * @param version "10.3.0.26", where the header says it
 * @param detail  what was read, in words (the tag as found, the layout word)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PlanHeader(Status status, long size, String version, String detail) {

    /** The bytes printPlanVersion reads. */
    public static final int LENGTH = 28;
    /** kPLAN_FILE_TAG of sampleEngines.cpp. */
    static final int TAG = 0x74727466;

    public enum Status {
        /** The tag is there and the version could be read. */
        VERSION_READ("version-read"),
        /** The tag is there; the layout word is one whose version position is not published. */
        TAG_ONLY("tag-only"),
        /** The file is shorter than the header. */
        TOO_SHORT("too-short"),
        /** The first four bytes are not the plan tag. */
        NOT_A_PLAN("not-a-plan");

        private final String word;

        Status(String word) {
            this.word = word;
        }

        @JsonValue
        public String word() {
            return word;
        }
    }

    /** @param head the file's first bytes (up to LENGTH; fewer when the file is shorter) */
    public static PlanHeader read(byte[] head, long size) {
        if (head.length < 4 || size < LENGTH) {
            return new PlanHeader(Status.TOO_SHORT, size, null, size + " bytes, fewer than the " + LENGTH
                    + "-byte header of a TensorRT plan" + (head.length >= 4 && tag(head) == TAG ? " (it starts with the "
                    + "plan tag \"ftrt\": a plan cut short)" : ""));
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != TAG) {
            return new PlanHeader(Status.NOT_A_PLAN, size, null, "starts with " + shown(head) + ", not the plan tag \"ftrt\"");
        }
        int layout = b.getInt(4);
        if (layout != 0) {
            return new PlanHeader(Status.TAG_ONLY, size, null, "plan tag \"ftrt\", header layout " + Integer.toUnsignedString(layout)
                    + " (only layout 0 has a published version field)");
        }
        String v = (head[24] & 0xff) + "." + (head[25] & 0xff) + "." + (head[26] & 0xff) + "." + (head[27] & 0xff);
        return new PlanHeader(Status.VERSION_READ, size, v, "plan tag \"ftrt\", built by TensorRT " + v);
    }

    private static int tag(byte[] head) {
        return ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
    }

    /** The first bytes as text where they are printable ("PK\u0003\u0004" of a zip is shown as hex). */
    private static String shown(byte[] head) {
        StringBuilder text = new StringBuilder("\"");
        boolean printable = true;
        for (int i = 0; i < 4; i++) {
            int c = head[i] & 0xff;
            printable &= c >= 0x20 && c < 0x7f;
            text.append((char) c);
        }
        if (printable) {
            return text.append('"').toString();
        }
        StringBuilder hex = new StringBuilder("bytes");
        for (int i = 0; i < 4; i++) {
            hex.append(String.format(" %02x", head[i] & 0xff));
        }
        return hex.toString();
    }
}
