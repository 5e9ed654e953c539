package dev.gpudoctor.validate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * NVIDIA's portability rules applied to a plan's header and sidecar before loading: the TensorRT release
 * (version compatibility from 8.6, towards later releases only) and the GPU (same compute capability, or
 * Ampere and later for an ampere+ plan).
 */
class PlanCompatibilityTest {

    static final PlanHeader TEN_THREE = PlanHeader.read(PlanHeaderTest.header(0, 10, 3, 0, 26), 5000);
    static final PlanCompatibility.Host H100 = new PlanCompatibility.Host("10.3.0", "NVIDIA H100 80GB HBM3", "9.0");

    static PlanSidecar sidecar(String cc, String hardware, boolean vc, String version) {
        return new PlanSidecar(PlanSidecar.FORMAT, null, "fp16", "trtexec", "trtexec", version, null, "NVIDIA L4", cc, "13.0",
                hardware, vc, List.of(), null, null, List.of(), List.of(), null, null);
    }

    @Test
    void sameReleaseAndGpuHasNothingAgainstIt() {
        PlanCompatibility.Assessment a = PlanCompatibility.assess(TEN_THREE, sidecar("9.0", "none", false, "10.3.0"), H100);
        assertThat(a.compatibleAsFarAsKnown()).isTrue();
        assertThat(a.matches()).hasSize(2);
        assertThat(a.unknown()).isEmpty();
    }

    /** "Plans are compatible only with the version of TensorRT used to build them" (patch releases too). */
    @Test
    void anotherReleaseWithoutVersionCompatibility() {
        PlanCompatibility.Assessment a = PlanCompatibility.assess(TEN_THREE, null, new PlanCompatibility.Host("10.3.1",
                "NVIDIA H100", "9.0"));
        assertThat(a.problems()).extracting(PlanCompatibility.Problem::kind).containsExactly(PlanCompatibility.Kind.TENSORRT_VERSION);
        assertThat(a.problems().get(0).sentence()).endsWith("unless it was built version-compatible (no sidecar says whether it "
                + "was).");
        // Without a sidecar the GPU it was built for is not known, and says so.
        assertThat(a.unknown()).containsExactly("which GPU it was built for (a plan's header does not say; a sidecar would)");
    }

    /** Version-compatible: later releases load it, earlier ones never. */
    @Test
    void versionCompatibleOnlyTowardsLaterReleases() {
        assertThat(PlanCompatibility.assess(TEN_THREE, sidecar("9.0", "none", true, "10.3.0"), new PlanCompatibility.Host(
                "10.8.0", "H100", "9.0")).compatibleAsFarAsKnown()).isTrue();
        PlanCompatibility.Assessment older = PlanCompatibility.assess(TEN_THREE, sidecar("9.0", "none", true, "10.3.0"),
                new PlanCompatibility.Host("10.1.0", "H100", "9.0"));
        assertThat(older.problems().get(0).sentence()).contains("newer than this host's 10.1.0");
    }

    /** Without hardware compatibility only the same compute capability; ampere+ covers 8.0 and later, not a T4. */
    @Test
    void theGpuRules() {
        PlanCompatibility.Host l4 = new PlanCompatibility.Host("10.3.0", "NVIDIA L4", "8.9");
        assertThat(PlanCompatibility.assess(TEN_THREE, sidecar("9.0", "none", false, "10.3.0"), l4).problems())
                .extracting(PlanCompatibility.Problem::kind).containsExactly(PlanCompatibility.Kind.GPU);
        assertThat(PlanCompatibility.assess(TEN_THREE, sidecar("9.0", "ampere+", false, "10.3.0"), l4).compatibleAsFarAsKnown())
                .isTrue();
        PlanCompatibility.Host t4 = new PlanCompatibility.Host("10.3.0", "Tesla T4", "7.5");
        assertThat(PlanCompatibility.assess(TEN_THREE, sidecar("9.0", "ampere+", false, "10.3.0"), t4).problems().get(0)
                .sentence()).contains("covers Ampere and later GPUs (compute 8.0 and up); this GPU is compute 7.5 (Tesla T4)");
    }

    /** No TensorRT here; a file that is no plan: said before anything else. */
    @Test
    void noTensorrtAndNoPlan() {
        assertThat(PlanCompatibility.assess(TEN_THREE, null, new PlanCompatibility.Host(null, "H100", "9.0")).problems().get(0)
                .sentence()).isEqualTo("It needs TensorRT 10.3.0.26 (its header); this host has no TensorRT.");
        PlanHeader zip = PlanHeader.read(new byte[] {'P', 'K', 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                0, 0, 0}, 28);
        assertThat(PlanCompatibility.assess(zip, null, H100).problems()).extracting(PlanCompatibility.Problem::kind)
                .containsExactly(PlanCompatibility.Kind.NOT_A_PLAN);
    }
}
