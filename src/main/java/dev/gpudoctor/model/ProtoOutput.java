package dev.gpudoctor.model;

import com.google.protobuf.CodedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writing protobuf messages without generated classes: a message is its fields written by a body,
 * and a sub-message is such bytes written as a length-delimited field. The counterpart of
 * {@link ProtoInput}, used by the ONNX writer and by the tests' TensorFlow writer.
 */
public final class ProtoOutput {

    private ProtoOutput() {
    }

    /** Writes a message's fields. */
    public interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    /** The bytes of the message {@code body} writes. */
    public static byte[] message(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            body.write(out);
            out.flush();
        } catch (IOException e) {
            // A ByteArrayOutputStream does not fail; this is here for the checked signature.
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
