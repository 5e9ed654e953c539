package dev.gpudoctor.validate.reference;

import java.util.SplittableRandom;

/**
 * The inputs of every checked computation: uniform in [-1, 1), from fixed seeds, so that each run
 * computes the same numbers and an error seen once can be seen again. One seed per array so that
 * changing a size changes only its own array.
 */
public final class Inputs {

    private Inputs() {
    }

    public static float[] uniform(long seed, int n) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextDouble(-1.0, 1.0);
        }
        return out;
    }

    /** The same values rounded to binary16 (what the FP16 GEMM is given). */
    public static float[] halfRounded(float[] in) {
        float[] out = new float[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = Half.round(in[i]);
        }
        return out;
    }

    public static int[] bytePattern(long seed, int words) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] out = new int[words];
        for (int i = 0; i < words; i++) {
            out[i] = r.nextInt();
        }
        return out;
    }
}
