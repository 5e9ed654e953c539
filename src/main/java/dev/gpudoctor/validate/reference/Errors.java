package dev.gpudoctor.validate.reference;

/**
 * How far a GPU result is from its reference: the largest absolute error, the largest error
 * relative to each entry's scale (see {@link Reference}), and how many entries are not finite
 * (NaN or infinity: no error is measured for those, and any of them fails a check).
 */
public record Errors(double maxAbs, double maxRel, long nonFinite, long count) {

    public static Errors of(float[] gpu, double[] reference, double[] scale) {
        if (gpu.length != reference.length) {
            throw new IllegalArgumentException("result has " + gpu.length + " entries, reference " + reference.length);
        }
        double maxAbs = 0;
        double maxRel = 0;
        long nonFinite = 0;
        for (int i = 0; i < gpu.length; i++) {
            if (!Float.isFinite(gpu[i])) {
                nonFinite++;
                continue;
            }
            double err = Math.abs(gpu[i] - reference[i]);
            maxAbs = Math.max(maxAbs, err);
            double s = scale[i];
            maxRel = Math.max(maxRel, s > 0 ? err / s : err);
        }
        return new Errors(maxAbs, maxRel, nonFinite, gpu.length);
    }

    /** Within the relative tolerance, every entry finite. */
    public boolean within(double relativeTolerance) {
        return nonFinite == 0 && maxRel <= relativeTolerance;
    }

    /** Entries of an exact computation that differ from the expected floats, bit for bit. */
    public static long mismatches(float[] gpu, float[] expected) {
        long n = 0;
        for (int i = 0; i < gpu.length; i++) {
            if (Float.floatToIntBits(gpu[i]) != Float.floatToIntBits(expected[i])) {
                n++;
            }
        }
        return n;
    }

    /**
     * The cosine of the angle between a result and its reference (1: the same direction): what
     * quantization tools report beside the largest error, because it sees a systematic error (a
     * wrong scale, a swapped channel) that a few large but harmless rounding errors do not hide.
     * NaN where an entry is not finite or either vector is zero.
     */
    public static double cosine(float[] gpu, double[] reference) {
        if (gpu.length != reference.length) {
            throw new IllegalArgumentException("result has " + gpu.length + " entries, reference " + reference.length);
        }
        double dot = 0;
        double a = 0;
        double b = 0;
        for (int i = 0; i < gpu.length; i++) {
            if (!Float.isFinite(gpu[i])) {
                return Double.NaN;
            }
            dot += gpu[i] * reference[i];
            a += (double) gpu[i] * gpu[i];
            b += reference[i] * reference[i];
        }
        return a == 0 || b == 0 ? Double.NaN : dot / Math.sqrt(a * b);
    }
}
