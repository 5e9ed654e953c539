package dev.gpudoctor.fix.ngc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.compatible.Compatibility;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.matrix.BundledMatrix;
import dev.gpudoctor.matrix.ForwardCompat;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.NgcImage;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The images chosen with the bundled matrix for three real kinds of host, and that each choice is
 * what the cited entries allow. When ngc.yaml gains a newer release these expectations may move:
 * that is a data change to review, not a regression.
 */
class NgcMatcherBundledTest {

    static Matrix m;
    static NgcMatcher matcher;

    @TempDir
    Path tmp;

    @BeforeAll
    static void bundled() throws Exception {
        m = BundledMatrix.get();
        matcher = new NgcMatcher(m);
    }

    private static ForwardCompat.CompatPackage compatPackage(String cuda) {
        return m.forwardCompat().packageFor(Version.of(cuda)).orElseThrow();
    }

    private static Version toolkitDriver(String cuda) {
        return m.cudaToolkit(Version.of(cuda)).orElseThrow().minDriverLinux().orElseThrow();
    }

    /** An A100 (data centre) on the R535 LTS driver, e.g. a cloud image that stays on 535. */
    @Test
    void a100On535RunsPytorch2512ThroughForwardCompatibility() throws Exception {
        HostFacts a100 = EditedHost.with("NVIDIA A100-SXM4-80GB", "535.183.01");
        ImageMatch pytorch = matcher.newest(a100, "pytorch").orElseThrow();
        NgcImage i = pytorch.image();
        assertThat(i.release()).isEqualTo("25.12");
        assertThat(pytorch.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(pytorch.confirmed()).isTrue();
        // What the entries say: CUDA 13.1.0 wants a 590 driver, and cuda-compat-13-1 supports R535.
        assertThat(i.citation().url()).endsWith("rel-25-12.html");
        assertThat(i.minDriverBranch()).isEmpty();
        assertThat(Version.of("535.183.01").isOlderThan(toolkitDriver("13.1.0"))).isTrue();
        assertThat(compatPackage("13.1").supportedBaseBranches()).contains(535);
        assertThat(m.lookupGpu("NVIDIA A100-SXM4-80GB").orElseThrow().gpuClass()).isEqualTo("datacenter");
        assertThat(m.forwardCompat().gpuClass("datacenter").orElseThrow().supported()).isTrue();

        // No newer confirmed pytorch release runs here.
        assertThat(matcher.judge(a100)).filteredOn(x -> x.image().image().endsWith("/pytorch") && x.runs()
                && x.confirmed() && x.image().release().compareTo("25.12") > 0).isEmpty();

        // Triton 26.08 states no driver and no branch list: forward compatibility derived from cuda-compat-13-4.
        ImageMatch triton = matcher.newest(a100, "tritonserver").orElseThrow();
        assertThat(triton.image().release()).isEqualTo("26.08");
        assertThat(triton.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(triton.image().forwardCompatBranches()).isEmpty();
        assertThat(compatPackage("13.4").supportedBaseBranches()).contains(535);
        // The newest Triton whose notes list branches lists R535.
        ImageMatch stated = release(matcher.judge(a100), "tritonserver", "26.04");
        assertThat(stated.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(stated.image().forwardCompatBranches())
                .anySatisfy(b -> assertThat(b.branch()).isEqualTo(535));
    }

    private static ImageMatch release(List<ImageMatch> all, String family, String release) {
        return all.stream().filter(x -> x.image().image().endsWith("/" + family) && x.image().release().equals(release)
                && x.image().tag().isEmpty()).findFirst().orElseThrow();
    }

    /** A GeForce RTX 3090 desktop on 535: consumer GPUs get no forward compatibility. */
    @Test
    void rtx3090On535RunsOnlyCuda122EraImages() throws Exception {
        HostFacts rtx = EditedHost.with("NVIDIA GeForce RTX 3090", "535.183.01");
        assertThat(m.forwardCompat().gpuClass("consumer").orElseThrow().supported()).isFalse();

        ImageMatch pytorch = matcher.newest(rtx, "pytorch").orElseThrow();
        assertThat(pytorch.image().tag()).contains("23.10-py3");
        assertThat(pytorch.way()).isEqualTo(Way.NATIVE);
        // Second-hand entry, driver derived from its CUDA 12.2.2 (toolkit driver 535.104.05).
        assertThat(pytorch.confirmed()).isFalse();
        assertThat(pytorch.image().cuda()).contains("12.2.2");
        assertThat(Version.of("535.183.01").isAtLeast(toolkitDriver("12.2.2"))).isTrue();
        assertThat(pytorch.dockerRun()).last().isEqualTo("nvcr.io/nvidia/pytorch:23.10-py3");

        // Everything newer needs a newer driver or forward compatibility; none of it runs.
        assertThat(matcher.judge(rtx)).filteredOn(x -> x.image().image().endsWith("/pytorch")
                && x.image().release().compareTo("23.10") > 0).noneMatch(ImageMatch::runs)
                .noneMatch(x -> x.way() == Way.FORWARD_COMPATIBILITY);

        ImageMatch triton = matcher.newest(rtx, "tritonserver").orElseThrow();
        assertThat(triton.image().release()).isEqualTo("23.10");
        assertThat(triton.image().minDriverBranch()).contains(535);
        assertThat(triton.confirmed()).isTrue();
    }

    /** The captured H200 on 580.159.04, facts as captured. */
    @Test
    void h200On580() throws Exception {
        HostFacts h200 = Json.mapper().treeToValue(EditedHost.h200(), HostFacts.class);
        ImageMatch pytorch = matcher.newest(h200, "pytorch").orElseThrow();
        assertThat(pytorch.image().release()).isEqualTo("25.12");
        assertThat(pytorch.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(Version.of("580.159.04").isOlderThan(toolkitDriver("13.1.0"))).isTrue();
        assertThat(compatPackage("13.1").supportedBaseBranches()).contains(580);

        ImageMatch triton = matcher.newest(h200, "tritonserver").orElseThrow();
        assertThat(triton.image().release()).isEqualTo("26.08");
        assertThat(triton.image().tag()).isEmpty();
        assertThat(triton.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(triton.image().minDriverBranch()).isEmpty();
        assertThat(compatPackage("13.4").supportedBaseBranches()).contains(580);
        ImageMatch native2604 = release(matcher.judge(h200), "tritonserver", "26.04");
        assertThat(native2604.way()).isEqualTo(Way.NATIVE);
        assertThat(native2604.image().minDriverBranch()).hasValueSatisfying(b -> assertThat(b).isLessThanOrEqualTo(580));

        ImageMatch base = matcher.newest(h200, "cuda-dl-base").orElseThrow();
        assertThat(base.image().release()).isEqualTo("26.03");
        assertThat(base.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(compatPackage("13.2").supportedBaseBranches()).contains(580);
    }

    /** A GeForce on R460: too old for every release in the matrix. */
    @Test
    void driverTooOldForEverything() throws Exception {
        HostFacts old = EditedHost.with("NVIDIA GeForce RTX 3090", "460.91.03");
        List<ImageMatch> all = matcher.judge(old);
        assertThat(all).hasSize(m.ngc().size()).noneMatch(ImageMatch::runs);
        assertThat(all).filteredOn(i -> i.way() == Way.NOT_ON_THIS_DRIVER)
                .allSatisfy(i -> assertThat(i.why()).anySatisfy(w -> assertThat(w).contains("460.91.03")));
        for (String family : List.of("pytorch", "tensorflow", "tensorrt", "tritonserver", "cuda-dl-base")) {
            assertThat(matcher.newest(old, family)).as(family).isEmpty();
        }
    }

    /** `gpu-doctor compatible` lists what the matcher lets run on confirmed entries, and no more. */
    @Test
    void compatibleListsTheMatchersConfirmedImages() throws Exception {
        HostFacts h200 = Json.mapper().treeToValue(EditedHost.h200(), HostFacts.class);
        List<Compatibility.Item> ngc = Compatibility.of(h200, m).ngc();
        assertThat(ngc).anySatisfy(i -> {
            assertThat(i.name()).isEqualTo("nvcr.io/nvidia/pytorch 25.12");
            assertThat(i.way()).isEqualTo(Compatibility.Way.FORWARD_COMPATIBILITY);
        });
        assertThat(ngc).anySatisfy(i -> {
            assertThat(i.name()).isEqualTo("nvcr.io/nvidia/tritonserver 25.12");
            assertThat(i.way()).isEqualTo(Compatibility.Way.NATIVE);
        });
        assertThat(ngc).extracting(Compatibility.Item::name).doesNotContain("nvcr.io/nvidia/pytorch 26.06");
        assertThat(ngc.get(0).name()).isEqualTo("nvcr.io/nvidia/tritonserver 26.08");

        // A V100 on 580: Triton 25.x states compute capability 7.5 and later, so it is left out.
        BundleHost v100 = BundleHost.open(Fixtures.bundle("volta-v100-cuda13-stack"), tmp);
        HostFacts f = Examination.of(v100, List.of(), Duration.ofSeconds(30)).facts();
        assertThat(Compatibility.of(f, m).ngc()).extracting(Compatibility.Item::name)
                .doesNotContain("nvcr.io/nvidia/tritonserver 25.12").contains("nvcr.io/nvidia/tritonserver 24.10");
    }
}
