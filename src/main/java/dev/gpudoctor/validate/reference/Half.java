package dev.gpudoctor.validate.reference;

/**
 * IEEE 754 binary16 conversions for the FP16 GEMM, written out because Java 17 has none
 * (Float.floatToFloat16 is Java 20). Round to nearest, ties to even, as the GPU converts.
 */
public final class Half {

    private Half() {
    }

    /** The binary16 bits nearest to f (ties to even); overflow gives infinity, NaN stays NaN. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) {
            return (short) (sign | 0x7c00);
        }
        if (e <= 0) {
            // A binary16 subnormal (or zero): shift the full significand into place, then round.
            if (e < -10) {
                return (short) sign;
            }
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) {
                half++;
            }
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            // A carry out of the significand lands in the exponent, which is the right result (up to infinity).
            half++;
        }
        return (short) (sign | half);
    }

    /** The exact float value of binary16 bits. */
    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) {
            // Subnormal: mant * 2^-24, exact in binary32.
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** f rounded to the nearest binary16 value, as a float. */
    public static float round(float f) {
        return toFloat(fromFloat(f));
    }
}
