package dev.gpudoctor.validate.reference;

import java.util.List;

/**
 * The network TensorRT builds in validate's engine step, computed on the CPU in double precision:
 * a 3x3 convolution (3 to 8 channels, padding 1, with bias), ReLU, 2x2 max pooling (stride 2),
 * flatten and a fully connected layer (512 to 10, with bias), on a batch of 4 images of 3x16x16 in
 * NCHW order. Small enough that the reference costs microseconds, and it still goes through the
 * layer kinds every vision model has (TensorRT fuses conv+bias+ReLU and runs the GEMM apart), so a
 * wrong fusion or a wrong kernel shows as a wrong number.
 *
 * The weights are fixed-seed uniform values scaled by 1/sqrt(fan-in), so every output is of order
 * one and a relative error means the same in FP32, FP16 and INT8.
 *
 * {@link #forwardQuantized} is the same network with explicit INT8 quantization as ONNX's
 * QuantizeLinear/DequantizeLinear pair defines it (symmetric, zero point 0, round half to even,
 * saturating to [-128, 127]) on the network's input, the convolution's weights, the pooled features
 * and the fully connected weights: what an INT8 engine of the Q/DQ model computes, up to the order
 * of its FP32 sums.
 */
public final class SmallCnn {

    public static final int BATCH = 4;
    public static final int CHANNELS = 3;
    public static final int HEIGHT = 16;
    public static final int WIDTH = 16;
    public static final int FILTERS = 8;
    public static final int KERNEL = 3;
    public static final int PAD = 1;
    public static final int POOL = 2;
    public static final int POOLED_H = HEIGHT / POOL;
    public static final int POOLED_W = WIDTH / POOL;
    public static final int FEATURES = FILTERS * POOLED_H * POOLED_W;
    public static final int CLASSES = 10;
    public static final int INPUT_SIZE = BATCH * CHANNELS * HEIGHT * WIDTH;
    public static final int OUTPUT_SIZE = BATCH * CLASSES;

    private static final long SEED = 0x7472_7400L;

    /** convW: FILTERS x CHANNELS x KERNEL x KERNEL; fcW: FEATURES x CLASSES (ONNX Gemm's B with transB = 0). */
    private final float[] convW;
    private final float[] convB;
    private final float[] fcW;
    private final float[] fcB;

    SmallCnn(float[] convW, float[] convB, float[] fcW, float[] fcB) {
        check(convW, FILTERS * CHANNELS * KERNEL * KERNEL, "convolution weights");
        check(convB, FILTERS, "convolution bias");
        check(fcW, FEATURES * CLASSES, "fully connected weights");
        check(fcB, CLASSES, "fully connected bias");
        this.convW = convW.clone();
        this.convB = convB.clone();
        this.fcW = fcW.clone();
        this.fcB = fcB.clone();
    }

    /** The network of the engine step: the same weights on every run and every host. */
    public static SmallCnn fixed() {
        return new SmallCnn(scaled(Inputs.uniform(SEED + 1, FILTERS * CHANNELS * KERNEL * KERNEL),
                        1 / Math.sqrt(CHANNELS * KERNEL * KERNEL)),
                scaled(Inputs.uniform(SEED + 2, FILTERS), 0.1),
                scaled(Inputs.uniform(SEED + 3, FEATURES * CLASSES), 1 / Math.sqrt(FEATURES)),
                scaled(Inputs.uniform(SEED + 4, CLASSES), 0.1));
    }

    /** The batch the engines are run on. */
    public static float[] input() {
        return Inputs.uniform(SEED + 10, INPUT_SIZE);
    }

    /** Batches the INT8 scales are calibrated on: other seeds than the checked input, the same distribution. */
    public static List<float[]> calibration() {
        return List.of(Inputs.uniform(SEED + 20, INPUT_SIZE), Inputs.uniform(SEED + 21, INPUT_SIZE),
                Inputs.uniform(SEED + 22, INPUT_SIZE), Inputs.uniform(SEED + 23, INPUT_SIZE));
    }

    public float[] convWeights() {
        return convW.clone();
    }

    public float[] convBias() {
        return convB.clone();
    }

    public float[] fcWeights() {
        return fcW.clone();
    }

    public float[] fcBias() {
        return fcB.clone();
    }

    /**
     * Per-tensor INT8 scales (value of one step of the integer grid), from a calibration set: the
     * largest magnitude of each quantized tensor over the set, divided by 127 (max calibration, the
     * simplest of the schemes NVIDIA's quantization guide describes, and exact for weights).
     */
    public record Scales(float input, float convWeights, float features, float fcWeights) {
    }

    public Scales calibrate(List<float[]> batches) {
        double input = 0;
        double features = 0;
        for (float[] x : batches) {
            input = Math.max(input, maxAbs(x));
            features = Math.max(features, maxAbs(pooled(x, convW)));
        }
        return new Scales(scale(input), scale(maxAbs(convW)), scale(features), scale(maxAbs(fcW)));
    }

    /** The network in double precision; the scale of each output is the sum of |products| of the last layer. */
    public Reference forward(float[] x) {
        check(x, INPUT_SIZE, "input");
        return dense(pooled(x, convW), fcW);
    }

    /** The network with every Q/DQ pair of the INT8 model applied (see the class comment). */
    public Reference forwardQuantized(float[] x, Scales s) {
        check(x, INPUT_SIZE, "input");
        double[] features = pooled(fakeQuantize(x, s.input()), fakeQuantize(convW, s.convWeights()));
        float[] f = new float[features.length];
        for (int i = 0; i < f.length; i++) {
            // The engine holds the pooled features in FP32 before quantizing them.
            f[i] = (float) features[i];
        }
        float[] fq = fakeQuantize(f, s.features());
        double[] asDouble = new double[fq.length];
        for (int i = 0; i < fq.length; i++) {
            asDouble[i] = fq[i];
        }
        return dense(asDouble, fakeQuantize(fcW, s.fcWeights()));
    }

    /**
     * QuantizeLinear then DequantizeLinear, as ONNX defines them for int8 with zero point 0:
     * saturate(round_half_even(x / scale)) * scale, the division in FP32 (the scale's type).
     */
    public static float[] fakeQuantize(float[] x, float scale) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            double q = Math.rint(x[i] / scale);
            out[i] = (float) Math.max(-128, Math.min(127, q)) * scale;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------------

    /** conv + bias, ReLU, max pooling: BATCH x FEATURES in flatten order (channel, row, column). */
    private double[] pooled(float[] x, float[] w) {
        double[] out = new double[BATCH * FEATURES];
        double[] plane = new double[HEIGHT * WIDTH];
        for (int n = 0; n < BATCH; n++) {
            for (int f = 0; f < FILTERS; f++) {
                for (int oy = 0; oy < HEIGHT; oy++) {
                    for (int ox = 0; ox < WIDTH; ox++) {
                        double sum = convB[f];
                        for (int c = 0; c < CHANNELS; c++) {
                            for (int ky = 0; ky < KERNEL; ky++) {
                                int iy = oy + ky - PAD;
                                if (iy < 0 || iy >= HEIGHT) {
                                    continue;
                                }
                                for (int kx = 0; kx < KERNEL; kx++) {
                                    int ix = ox + kx - PAD;
                                    if (ix < 0 || ix >= WIDTH) {
                                        continue;
                                    }
                                    sum += (double) x[((n * CHANNELS + c) * HEIGHT + iy) * WIDTH + ix]
                                            * w[((f * CHANNELS + c) * KERNEL + ky) * KERNEL + kx];
                                }
                            }
                        }
                        plane[oy * WIDTH + ox] = Math.max(0, sum);
                    }
                }
                for (int py = 0; py < POOLED_H; py++) {
                    for (int px = 0; px < POOLED_W; px++) {
                        double m = Double.NEGATIVE_INFINITY;
                        for (int dy = 0; dy < POOL; dy++) {
                            for (int dx = 0; dx < POOL; dx++) {
                                m = Math.max(m, plane[(py * POOL + dy) * WIDTH + px * POOL + dx]);
                            }
                        }
                        out[n * FEATURES + (f * POOLED_H + py) * POOLED_W + px] = m;
                    }
                }
            }
        }
        return out;
    }

    /** features x w + bias, with each output's sum of |products| (the bias counted as one) as its scale. */
    private Reference dense(double[] features, float[] w) {
        double[] y = new double[OUTPUT_SIZE];
        double[] scale = new double[OUTPUT_SIZE];
        for (int n = 0; n < BATCH; n++) {
            for (int j = 0; j < CLASSES; j++) {
                double sum = fcB[j];
                double abs = Math.abs(fcB[j]);
                for (int k = 0; k < FEATURES; k++) {
                    double p = features[n * FEATURES + k] * w[k * CLASSES + j];
                    sum += p;
                    abs += Math.abs(p);
                }
                y[n * CLASSES + j] = sum;
                scale[n * CLASSES + j] = abs;
            }
        }
        return new Reference(y, scale);
    }

    private static float scale(double maxAbs) {
        // An all-zero tensor still needs a positive scale; any one quantizes it exactly.
        return maxAbs > 0 ? (float) (maxAbs / 127) : 1f;
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            m = Math.max(m, Math.abs(f));
        }
        return m;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double d : v) {
            m = Math.max(m, Math.abs(d));
        }
        return m;
    }

    private static float[] scaled(float[] v, double by) {
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] * by);
        }
        return out;
    }

    private static void check(float[] v, int n, String what) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException(what + ": " + (v == null ? "none" : v.length) + " values, the network needs " + n);
        }
    }
}
