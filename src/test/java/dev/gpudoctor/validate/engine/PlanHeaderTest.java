package dev.gpudoctor.validate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The 28 bytes trtexec --getPlanVersionOnly reads (printPlanVersion, NVIDIA/TensorRT
 * samples/common/sampleEngines.cpp): the tag 0x74727466 ("ftrt" in file order), the layout word 0,
 * and the version in bytes 24-27.
 */
class PlanHeaderTest {

    static byte[] header(int layout, int... version) {
        byte[] h = new byte[PlanHeader.LENGTH];
        h[0] = 'f';
        h[1] = 't';
        h[2] = 'r';
        h[3] = 't';
        h[4] = (byte) layout;
        for (int i = 0; i < 4; i++) {
            h[24 + i] = (byte) version[i];
        }
        return h;
    }

    /** A TensorRT 10.3.0.26 plan of layout 0: the version as trtexec prints it ("Plan was created with TensorRT version 10.3.0.26"). */
    @Test
    void theVersionOfALayoutZeroPlan() {
        PlanHeader h = PlanHeader.read(header(0, 10, 3, 0, 26), 22_136);
        assertThat(h.status()).isEqualTo(PlanHeader.Status.VERSION_READ);
        assertThat(h.version()).isEqualTo("10.3.0.26");
        assertThat(h.detail()).isEqualTo("plan tag \"ftrt\", built by TensorRT 10.3.0.26");
    }

    /** Another layout word: trtexec says "Serialization version is not supported."; the version is not guessed. */
    @Test
    void anotherLayoutKeepsTheVersionUnknown() {
        PlanHeader h = PlanHeader.read(header(1, 10, 3, 0, 26), 1000);
        assertThat(h.status()).isEqualTo(PlanHeader.Status.TAG_ONLY);
        assertThat(h.version()).isNull();
        assertThat(h.detail()).contains("header layout 1");
    }

    /** Not a plan: printable bytes are quoted (an ONNX file starts with a protobuf field), others in hex (a zip). */
    @Test
    void filesThatAreNotPlans() {
        byte[] onnx = Arrays.copyOf("\u0008\u0008\u0012\u0007pytorch".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 40);
        assertThat(PlanHeader.read(onnx, 40).detail()).isEqualTo("starts with bytes 08 08 12 07, not the plan tag \"ftrt\"");
        byte[] text = Arrays.copyOf("name,version\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 40);
        assertThat(PlanHeader.read(text, 40).detail()).isEqualTo("starts with \"name\", not the plan tag \"ftrt\"");
        assertThat(PlanHeader.read(text, 40).status()).isEqualTo(PlanHeader.Status.NOT_A_PLAN);
    }

    /** An empty file, and a plan cut short inside its header. */
    @Test
    void shortFiles() {
        assertThat(PlanHeader.read(new byte[0], 0).detail()).isEqualTo("0 bytes, fewer than the 28-byte header of a TensorRT plan");
        PlanHeader cut = PlanHeader.read(Arrays.copyOf(header(0, 10, 3, 0, 26), 12), 12);
        assertThat(cut.status()).isEqualTo(PlanHeader.Status.TOO_SHORT);
        assertThat(cut.detail()).endsWith("(it starts with the plan tag \"ftrt\": a plan cut short)");
    }
}
