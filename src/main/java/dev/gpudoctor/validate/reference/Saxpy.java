package dev.gpudoctor.validate.reference;

/**
 * The kernel of steps 2 and 3: y[i] = fma(a, x[i], y[i]). A fused multiply-add rounds once and
 * IEEE 754 defines that one rounding (PTX fma.rn.f32, CUDA's __fmaf_rn, Java's Math.fma), so the
 * GPU must agree with this bit for bit: any difference is a wrong result, not rounding.
 */
public record Saxpy(float a, float[] x, float[] y) {

    public static Saxpy of(long seed, int n, float a) {
        return new Saxpy(a, Inputs.uniform(seed, n), Inputs.uniform(seed + 1, n));
    }

    public int n() {
        return x.length;
    }

    public float[] expected() {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.fma(a, x[i], y[i]);
        }
        return out;
    }

    /** The expected values in double with each entry's scale |a x| + |y|, for the error figures. */
    public Reference reference() {
        float[] e = expected();
        double[] v = new double[e.length];
        double[] s = new double[e.length];
        for (int i = 0; i < e.length; i++) {
            v[i] = e[i];
            s[i] = Math.abs((double) a * x[i]) + Math.abs(y[i]);
        }
        return new Reference(v, s);
    }
}
