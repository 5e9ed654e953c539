package dev.gpudoctor.validate.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The CPU references the GPU is judged by: column-major GEMM as cuBLAS lays matrices out, NCHW
 * cross-correlation as cuDNN computes it, and the error measures (relative to sum |products|, so
 * an entry that cancels to 0 does not make any error infinite).
 */
class ReferenceTest {

    @Test
    void gemmIsColumnMajor() {
        // A = [[1, 2, 3], [4, 5, 6]] (2 x 3), B = [[1, 0], [0, 1], [1, 1]] (3 x 2), column-major.
        float[] a = {1, 4, 2, 5, 3, 6};
        float[] b = {1, 0, 1, 0, 1, 1};
        Reference r = Reference.gemm(a, b, 2, 2, 3);
        // C = [[4, 5], [10, 11]] column-major.
        assertThat(r.value()).containsExactly(4, 10, 5, 11);
        assertThat(r.scale()).containsExactly(4, 10, 5, 11);
    }

    @Test
    void scaleIsTheSumOfAbsoluteProducts() {
        // 1*1 + (-1)*1 = 0: the result cancels, its scale does not.
        Reference r = Reference.gemm(new float[] {1, -1}, new float[] {1, 1}, 1, 1, 2);
        assertThat(r.value()).containsExactly(0);
        assertThat(r.scale()).containsExactly(2);
        Errors e = r.compare(new float[] {1e-6f});
        assertThat(e.maxAbs()).isCloseTo(1e-6, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(e.maxRel()).isCloseTo(5e-7, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void convolutionIsCrossCorrelationWithZeroPadding() {
        // One 3 x 3 image 1..9, one 3 x 3 filter with a single 1 at the top left: with padding 1,
        // output (y, x) reads input (y - 1, x - 1), which is outside the image for the first row and column.
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        float[] w = {1, 0, 0, 0, 0, 0, 0, 0, 0};
        Reference r = Reference.conv(x, w, 1, 1, 3, 3, 1, 3, 3, 1);
        assertThat(r.value()).containsExactly(0, 0, 0, 0, 1, 2, 0, 4, 5);
    }

    @Test
    void aNonFiniteEntryFailsWhateverTheTolerance() {
        Reference r = new Reference(new double[] {1, 2}, new double[] {1, 2});
        Errors e = r.compare(new float[] {1, Float.NaN});
        assertThat(e.nonFinite()).isEqualTo(1);
        assertThat(e.within(1.0)).isFalse();
        assertThat(r.compare(new float[] {1, 2}).within(0)).isTrue();
    }

    @Test
    void saxpyExpectedIsOneRounding() {
        // fma rounds once: a*x + y with a = 1 + 2^-12, x = 1 + 2^-12, y = -1 keeps the 2^-24 term a separate
        // multiply and add would lose.
        float a = 1f + 0x1p-12f;
        Saxpy s = new Saxpy(a, new float[] {a}, new float[] {-1f});
        assertThat(s.expected()[0]).isEqualTo(0x1p-11f + 0x1p-24f);
        assertThat(Errors.mismatches(new float[] {0x1p-11f}, s.expected())).isEqualTo(1);
    }
}
