package dev.gpudoctor.validate.reference;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The FP16 conversions the FP16 GEMM check rests on: a wrong conversion would turn a correct GPU
 * result into a "wrong result" (or hide a wrong one). Checked on every one of the 65536 values and on
 * the rounding cases the GPU's conversion (round to nearest, ties to even) decides.
 */
class HalfTest {

    @Test
    void everyFiniteHalfSurvivesARoundTrip() {
        for (int bits = 0; bits < 0x10000; bits++) {
            short h = (short) bits;
            float f = Half.toFloat(h);
            if (Float.isNaN(f)) {
                assertThat(Float.isNaN(Half.toFloat(Half.fromFloat(f)))).isTrue();
                continue;
            }
            assertThat(Half.fromFloat(f)).as("0x%04x", bits).isEqualTo(h);
        }
    }

    @Test
    void knownValues() {
        assertThat(Half.toFloat((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(Half.toFloat((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(Half.toFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(Half.toFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(Half.toFloat((short) 0x7c00)).isEqualTo(Float.POSITIVE_INFINITY);
    }

    @Test
    void roundsToNearestTiesToEven() {
        float ulpAtOne = 0x1p-10f;
        // Halfway between 1 and the next half: ties go to the even significand, 1.
        assertThat(Half.fromFloat(1f + ulpAtOne / 2)).isEqualTo((short) 0x3c00);
        // Halfway between the next half (odd) and the one after (even): up.
        assertThat(Half.fromFloat(1f + 3 * ulpAtOne / 2)).isEqualTo((short) 0x3c02);
        // Just above halfway: up.
        assertThat(Half.fromFloat(Math.nextUp(1f + ulpAtOne / 2))).isEqualTo((short) 0x3c01);
        // The largest half and beyond: 65519 rounds down to 65504, 65520 to infinity.
        assertThat(Half.fromFloat(65519f)).isEqualTo((short) 0x7bff);
        assertThat(Half.fromFloat(65520f)).isEqualTo((short) 0x7c00);
        // Subnormals: half of the smallest rounds to zero (even), three quarters to the smallest.
        assertThat(Half.fromFloat(0x1p-25f)).isEqualTo((short) 0);
        assertThat(Half.fromFloat(0x1.8p-25f)).isEqualTo((short) 1);
        assertThat(Half.fromFloat(-0x1.8p-25f)).isEqualTo((short) 0x8001);
        // Rounding up out of the subnormals lands on the smallest normal.
        assertThat(Half.fromFloat(0x1.ffcp-15f)).isEqualTo((short) 0x0400);
    }
}
