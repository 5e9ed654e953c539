package dev.gpudoctor.validate.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.testing.PythonWithOnnx;
import dev.gpudoctor.validate.engine.TestNetwork;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CPU reference of the TensorRT engine step: a case checked by hand, ONNX's rounding and
 * saturation, and the whole network against an independent numpy computation of the very ONNX files
 * the engines are built from (which onnx's own checker accepts).
 */
class SmallCnnTest {

    /**
     * Every input 1, every convolution weight 1, no convolution bias: an output pixel sums 3 channels
     * times the taps inside the image, 27 inside and 12 in a corner; each 2x2 pooling window holds an
     * inner pixel, so all 512 features are 27. Fully connected weights 1/512 and bias j give 27 + j.
     */
    @Test
    void aCaseCheckedByHand() {
        float[] ones = new float[SmallCnn.FILTERS * SmallCnn.CHANNELS * 9];
        Arrays.fill(ones, 1f);
        float[] fc = new float[SmallCnn.FEATURES * SmallCnn.CLASSES];
        Arrays.fill(fc, 1f / 512);
        float[] bias = new float[SmallCnn.CLASSES];
        for (int j = 0; j < bias.length; j++) {
            bias[j] = j;
        }
        SmallCnn net = new SmallCnn(ones, new float[SmallCnn.FILTERS], fc, bias);
        float[] x = new float[SmallCnn.INPUT_SIZE];
        Arrays.fill(x, 1f);
        Reference r = net.forward(x);
        for (int n = 0; n < SmallCnn.BATCH; n++) {
            for (int j = 0; j < SmallCnn.CLASSES; j++) {
                assertThat(r.value()[n * SmallCnn.CLASSES + j]).isCloseTo(27 + j, within(1e-9));
                // 512 products of 27/512 each, plus the bias.
                assertThat(r.scale()[n * SmallCnn.CLASSES + j]).isCloseTo(27 + j, within(1e-9));
            }
        }
    }

    /** ONNX QuantizeLinear: round half to even, saturate to [-128, 127]; DequantizeLinear multiplies back. */
    @Test
    void fakeQuantizationRoundsHalfToEvenAndSaturates() {
        assertThat(SmallCnn.fakeQuantize(new float[] {0.25f, 0.75f, -0.25f, 1.25f, 100f, -100f, 63.4f}, 0.5f))
                .containsExactly(0f, 1f, -0f, 1f, 63.5f, -64f, 63.5f);
    }

    /** A wrong-sized array is a clear error, not an index out of bounds deep in a loop. */
    @Test
    void aWrongSizedInputIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SmallCnn.fixed().forward(new float[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("input: 3 values, the network needs 3072");
    }

    /** Calibrated scales put the largest calibrated magnitude of each tensor on 127 steps. */
    @Test
    void calibrationMapsTheLargestMagnitudeTo127Steps() {
        SmallCnn net = SmallCnn.fixed();
        SmallCnn.Scales s = net.calibrate(SmallCnn.calibration());
        double maxW = 0;
        for (float w : net.convWeights()) {
            maxW = Math.max(maxW, Math.abs(w));
        }
        assertThat((double) s.convWeights()).isCloseTo(maxW / 127, within(1e-9));
        // Inputs are uniform in [-1, 1): the largest of 4 x 3072 samples is just under 1.
        assertThat((double) s.input()).isBetween(0.99 / 127, 1.0 / 127);
        assertThat(s.features()).isPositive();
        // The INT8 network stays close to the float one: quantization costs about a percent, not more.
        Reference fp = net.forward(SmallCnn.input());
        Errors e = net.forwardQuantized(SmallCnn.input(), s).compare(toFloats(fp.value()));
        assertThat(e.maxRel()).isBetween(1e-4, 3e-2);
    }

    /**
     * onnx's checker accepts both files, and numpy computing them from the ONNX bytes alone (float model:
     * FP32; Q/DQ model: its quantized values) agrees with the Java references.
     */
    @Test
    void numpyComputesTheSameNetworkFromTheOnnxFiles(@TempDir Path dir) throws Exception {
        assumeTrue(PythonWithOnnx.find().isPresent(), PythonWithOnnx.NEEDED);
        SmallCnn net = SmallCnn.fixed();
        SmallCnn.Scales s = net.calibrate(SmallCnn.calibration());
        float[] x = SmallCnn.input();
        Files.write(dir.resolve("input.bin"), TestNetwork.inputFile(x));
        Files.write(dir.resolve("float.onnx"), TestNetwork.floatModel(net));
        Files.write(dir.resolve("int8.onnx"), TestNetwork.quantizedModel(net, s));
        Files.write(dir.resolve("float.f64"), doubles(net.forward(x).value()));
        Files.write(dir.resolve("int8.f64"), doubles(net.forwardQuantized(x, s).value()));
        CommandResult r = PythonWithOnnx.script(Path.of("src/test/trt/check_network.py"), List.of(
                dir.resolve("input.bin").toString(), "4x3x16x16", dir.resolve("float.onnx").toString(),
                dir.resolve("float.f64").toString(), dir.resolve("int8.onnx").toString(), dir.resolve("int8.f64").toString()));
        assertThat(r.succeeded()).as(r.stdout() + r.stderr()).isTrue();
        List<String> lines = r.stdout().strip().lines().toList();
        assertThat(lines.get(0)).startsWith("float.onnx ops=Conv,Relu,MaxPool,Flatten,Gemm ");
        assertThat(lines.get(1)).startsWith("int8.onnx ops=QuantizeLinear,DequantizeLinear,QuantizeLinear,DequantizeLinear,"
                + "Conv,Relu,MaxPool,Flatten,QuantizeLinear,DequantizeLinear,QuantizeLinear,DequantizeLinear,Gemm ");
        for (String line : lines) {
            double maxAbs = Double.parseDouble(line.replaceAll(".* maxabs=(\\S+) .*", "$1"));
            double maxRef = Double.parseDouble(line.replaceAll(".* maxref=(\\S+)$", "$1"));
            // Outputs are of order one; numpy's float32 sums differ from the double reference by ~1e-7.
            assertThat(maxRef).isBetween(0.1, 10.0);
            assertThat(maxAbs).as(line).isLessThan(1e-5);
        }
    }

    private static float[] toFloats(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    private static byte[] doubles(double[] d) {
        ByteBuffer b = ByteBuffer.allocate(d.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : d) {
            b.putDouble(v);
        }
        return b.array();
    }
}
