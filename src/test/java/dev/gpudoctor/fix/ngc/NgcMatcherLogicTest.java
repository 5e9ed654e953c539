package dev.gpudoctor.fix.ngc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The matcher's logic on a small matrix of its own, loaded the way {@code --matrix DIR} loads one,
 * so that these tests do not move when the bundled data does. The four files the matcher reads are
 * a frozen excerpt of the real ones (same facts and sources, fewer entries); the other subjects are
 * copied from compat-matrix/ only because a matrix folder must have every file.
 */
class NgcMatcherLogicTest {

    @TempDir
    static Path dir;

    static NgcMatcher matcher;

    @BeforeAll
    static void smallMatrix() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("compat-matrix"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        write("ngc.yaml", NGC);
        write("cuda-toolkit.yaml", CUDA_TOOLKIT);
        write("forward-compat.yaml", FORWARD_COMPAT);
        write("gpus.yaml", GPUS);
        Matrix m = MatrixLoader.fromDirectory(dir);
        assertThat(m.ngc()).hasSize(8);
        matcher = new NgcMatcher(m);
    }

    private static void write(String name, String text) throws IOException {
        Files.writeString(dir.resolve(name), text);
    }

    private static ImageMatch release(List<ImageMatch> all, String image, String release) {
        return all.stream().filter(i -> i.image().image().equals("nvcr.io/nvidia/" + image)
                && i.image().release().equals(release) && i.image().tag().isEmpty()).findFirst().orElseThrow();
    }

    private static ImageMatch tagged(List<ImageMatch> all, String tag) {
        return all.stream().filter(i -> i.image().tag().equals(Optional.of(tag))).findFirst().orElseThrow();
    }

    /** An A100 server kept on the R535 LTS branch: the case forward compatibility is made for. */
    @Test
    void dataCentreGpuOn535GetsTheNewestConfirmedPytorchThroughForwardCompatibility() throws Exception {
        HostFacts a100 = EditedHost.with("NVIDIA A100-SXM4-80GB", "535.183.01");
        ImageMatch chosen = matcher.newest(a100, "pytorch").orElseThrow();

        assertThat(chosen.image().release()).isEqualTo("25.12");
        assertThat(chosen.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(chosen.runs()).isTrue();
        assertThat(chosen.confirmed()).isTrue();
        // 25.12 states neither driver nor branches: both come from its CUDA 13.1.0, and say so.
        assertThat(chosen.why()).anySatisfy(w -> assertThat(w).contains("derived from its CUDA version")
                .contains("590.44.01").contains("cuda-toolkit.yaml line"));
        assertThat(chosen.why()).anySatisfy(w -> assertThat(w).contains("cuda-compat-13-1 supports driver branch R535")
                .contains("forward-compat.yaml line"));
        assertThat(chosen.why()).anySatisfy(w -> assertThat(w).contains("datacenter GPU").contains("gpus.yaml line"));
        // 26.06 would run too, but only second-hand: named, not chosen.
        assertThat(chosen.why()).anySatisfy(w -> assertThat(w).contains("A newer release, nvcr.io/nvidia/pytorch 26.06"));
        // No tag in the matrix: advice text, no command.
        assertThat(chosen.dockerRun()).isEmpty();
        assertThat(chosen.podmanRun()).isEmpty();
        assertThat(chosen.why()).anySatisfy(w -> assertThat(w).contains("nvcr.io/nvidia/pytorch:25.12-..."));

        List<ImageMatch> all = matcher.judge(a100);
        ImageMatch newer = release(all, "pytorch", "26.06");
        assertThat(newer.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(newer.confirmed()).isFalse();
        assertThat(newer.why().get(0)).contains("from a second-hand copy of the release notes");
        // 24.06 lists R535 from 535.86 itself: stated, not derived.
        ImageMatch listed = release(all, "pytorch", "24.06");
        assertThat(listed.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(listed.why()).anySatisfy(w -> assertThat(w)
                .contains("Its release notes allow forward compatibility on R535 from 535.86"));
        assertThat(listed.why()).noneSatisfy(w -> assertThat(w).contains("derived"));
    }

    /** A GeForce workstation on R535: no forward compatibility for consumer cards, so only CUDA 12.2-era images. */
    @Test
    void geforceOn535GetsNoForwardCompatibility() throws Exception {
        HostFacts rtx3090 = EditedHost.with("NVIDIA GeForce RTX 3090", "535.183.01");
        List<ImageMatch> all = matcher.judge(rtx3090);

        ImageMatch pytorch2512 = release(all, "pytorch", "25.12");
        assertThat(pytorch2512.way()).isEqualTo(Way.NOT_ON_THIS_DRIVER);
        assertThat(pytorch2512.runs()).isFalse();
        assertThat(pytorch2512.why()).anySatisfy(w -> assertThat(w).contains("No forward compatibility")
                .contains("consumer GPU").contains("forward-compat.yaml line"));
        assertThat(release(all, "tritonserver", "25.12").way()).isEqualTo(Way.NOT_ON_THIS_DRIVER);

        ImageMatch pytorch = matcher.newest(rtx3090, "pytorch").orElseThrow();
        assertThat(pytorch.image().tag()).contains("23.10-py3");
        assertThat(pytorch.way()).isEqualTo(Way.NATIVE);
        assertThat(pytorch.confirmed()).isFalse();
        assertThat(pytorch.why()).anySatisfy(w -> assertThat(w).contains("535.104.05").contains("derived"));
        assertThat(pytorch.why()).anySatisfy(w -> assertThat(w).contains("newer releases are in the matrix but not runnable"));
        assertThat(pytorch.dockerRun())
                .containsExactly("docker", "run", "--gpus", "all", "--rm", "-it", "nvcr.io/nvidia/pytorch:23.10-py3");
        assertThat(pytorch.podmanRun()).containsExactly("podman", "run", "--device", "nvidia.com/gpu=all", "--rm", "-it",
                "nvcr.io/nvidia/pytorch:23.10-py3");

        ImageMatch triton = matcher.newest(rtx3090, "tritonserver").orElseThrow();
        assertThat(triton.image().release()).isEqualTo("23.10");
        assertThat(triton.way()).isEqualTo(Way.NATIVE);
        assertThat(triton.confirmed()).isTrue();
    }

    /** The captured H200 on 580.159.04. */
    @Test
    void h200On580() throws Exception {
        HostFacts h200 = EditedHost.with("NVIDIA H200", "580.159.04");
        ImageMatch triton = matcher.newest(h200, "tritonserver").orElseThrow();
        // Same month as the trtllm variant: the plain image with the stated R575 requirement wins.
        assertThat(triton.image().tag()).isEmpty();
        assertThat(triton.image().release()).isEqualTo("25.12");
        assertThat(triton.way()).isEqualTo(Way.NATIVE);
        assertThat(triton.why()).anySatisfy(w -> assertThat(w).contains("require driver R575 or later"));

        ImageMatch variant = tagged(matcher.judge(h200), "25.12-trtllm-python-py3");
        assertThat(variant.way()).isEqualTo(Way.NATIVE);
        assertThat(variant.why()).anySatisfy(w -> assertThat(w).contains("580.95.05").contains("derived"));
        assertThat(variant.dockerRun()).last().isEqualTo("nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3");

        ImageMatch pytorch = matcher.newest(h200, "pytorch").orElseThrow();
        assertThat(pytorch.image().release()).isEqualTo("25.12");
        assertThat(pytorch.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
    }

    /**
     * A V100 (Volta, 7.0) on R580, its last branch: Triton 25.x states SM 7.5+, and CUDA 13.0 dropped
     * Volta, so no CUDA 13 image has code for it even where its notes state no minimum.
     */
    @Test
    void voltaIsTooOldForCuda13Images() throws Exception {
        List<ImageMatch> all = matcher.judge(EditedHost.with("Tesla V100-SXM2-16GB", "580.82.07"));
        ImageMatch triton2512 = release(all, "tritonserver", "25.12");
        assertThat(triton2512.way()).isEqualTo(Way.GPU_TOO_OLD);
        assertThat(triton2512.runs()).isFalse();
        assertThat(triton2512.dockerRun()).isEmpty();
        assertThat(triton2512.why()).anySatisfy(w -> assertThat(w).contains("compute capability 7.0, below the SM 7.5+"));

        ImageMatch pytorch2512 = release(all, "pytorch", "25.12");
        assertThat(pytorch2512.image().computeCapability().stated()).isFalse();
        assertThat(pytorch2512.way()).isEqualTo(Way.GPU_TOO_OLD);
        assertThat(pytorch2512.why()).anySatisfy(w -> assertThat(w).contains("(sm_70), an architecture CUDA 13.0 no longer"
                + " builds for").contains("cuda-toolkit.yaml line"));

        assertThat(release(all, "tritonserver", "23.10").way()).isEqualTo(Way.NATIVE);
        // The newest PyTorch left for it is the CUDA 12.5 one (second-hand, but CUDA 12 still builds for Volta).
        ImageMatch pytorch = matcher.newest(EditedHost.with("Tesla V100-SXM2-16GB", "580.82.07"), "pytorch").orElseThrow();
        assertThat(pytorch.image().release()).isEqualTo("24.06");
        assertThat(pytorch.way()).isEqualTo(Way.NATIVE);
    }

    /** An RTX A6000: workstation cards get forward compatibility only as NGC Server Ready SKUs, which the matrix cannot tell. */
    @Test
    void workstationCardIsNotCountedOnForForwardCompatibility() throws Exception {
        ImageMatch m = release(matcher.judge(EditedHost.with("NVIDIA RTX A6000", "535.183.01")), "pytorch", "25.12");
        assertThat(m.way()).isEqualTo(Way.UNKNOWN);
        assertThat(m.runs()).isFalse();
        assertThat(m.why()).anySatisfy(w -> assertThat(w).contains("workstation GPU")
                .contains("Only selected NGC Server Ready RTX SKUs").contains("not counted on"));
    }

    /**
     * Triton 25.12's notes list R470-R545 for forward compatibility (text carried over from 12.x
     * releases), while the CUDA compatibility guide's table gives cuda-compat-13-1 R535, R570, R580.
     */
    @Test
    void theReleaseListDecidesAndTheGuideIsQuotedWhereTheyDisagree() throws Exception {
        ImageMatch on545 = release(matcher.judge(EditedHost.with("NVIDIA A100-SXM4-80GB", "545.23.08")),
                "tritonserver", "25.12");
        assertThat(on545.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(on545.why()).anySatisfy(w -> assertThat(w).startsWith("Caution")
                .contains("does not list R545 for cuda-compat-13-1"));

        List<ImageMatch> on570 = matcher.judge(EditedHost.with("NVIDIA A100-SXM4-80GB", "570.172.08"));
        ImageMatch triton = release(on570, "tritonserver", "25.12");
        assertThat(triton.way()).isEqualTo(Way.NOT_ON_THIS_DRIVER);
        assertThat(triton.why()).anySatisfy(w -> assertThat(w).contains("not on R570"));
        assertThat(triton.why()).anySatisfy(w -> assertThat(w).contains("does list R570 for cuda-compat-13-1"));
        // The same branch through the package table where the release lists nothing itself.
        assertThat(release(on570, "pytorch", "25.12").way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
    }

    /** A GeForce on R460 (CUDA 11.2 era): nothing in the matrix runs, and each release says why. */
    @Test
    void aDriverTooOldForEverythingGivesNoImage() throws Exception {
        HostFacts old = EditedHost.with("NVIDIA GeForce RTX 3090", "460.91.03");
        List<ImageMatch> all = matcher.judge(old);
        assertThat(all).hasSize(8).noneMatch(ImageMatch::runs);
        assertThat(all).allSatisfy(i -> {
            assertThat(i.dockerRun()).isEmpty();
            assertThat(i.why()).anySatisfy(w -> assertThat(w).containsAnyOf("this host runs 460.91.03",
                    "state no driver requirement"));
        });
        assertThat(release(all, "tritonserver", "23.10").why())
                .anySatisfy(w -> assertThat(w).contains("require driver R535 or later; this host runs 460.91.03"));
        for (String family : List.of("pytorch", "tritonserver", "nvcr.io/nvidia/pytorch")) {
            assertThat(matcher.newest(old, family)).as(family).isEmpty();
        }
    }

    /** A host whose driver is not running (nvidia-smi and the kernel module both absent). */
    @Test
    void noDriverNoImage() throws Exception {
        List<ImageMatch> all = matcher.judge(EditedHost.withoutDriver());
        assertThat(all).allSatisfy(i -> {
            assertThat(i.way()).isEqualTo(Way.NOT_ON_THIS_DRIVER);
            assertThat(i.why()).anySatisfy(w -> assertThat(w).contains("No NVIDIA driver is running here"));
        });
    }

    /** A GPU newer than the matrix's gpus.yaml: NVML's compute capability serves, its class stays unknown. */
    @Test
    void aGpuTheMatrixDoesNotKnow() throws Exception {
        List<ImageMatch> withNvml = matcher.judge(EditedHost.withNvml("NVIDIA Future GPU", "580.159.04", 10, 0));
        ImageMatch triton = release(withNvml, "tritonserver", "25.12");
        assertThat(triton.way()).isEqualTo(Way.NATIVE);
        assertThat(triton.why()).anySatisfy(w -> assertThat(w).contains("compute capability 10.0 (NVML)"));
        // Needs forward compatibility, which depends on a class the matrix does not know.
        assertThat(release(withNvml, "pytorch", "25.12").way()).isEqualTo(Way.UNKNOWN);

        ImageMatch without = release(matcher.judge(EditedHost.with("NVIDIA Future GPU", "580.159.04")),
                "tritonserver", "25.12");
        assertThat(without.way()).isEqualTo(Way.UNKNOWN);
        assertThat(without.runs()).isFalse();
        assertThat(without.why()).anySatisfy(w -> assertThat(w).contains("is not in gpus.yaml"));
    }

    /** A data-centre and a consumer GPU in one machine: forward compatibility needs every visible GPU to allow it. */
    @Test
    void forwardCompatibilityNeedsEveryGpuToAllowIt() throws Exception {
        HostFacts mixed = EditedHost.withGpus("535.183.01", "NVIDIA A100-SXM4-80GB", "NVIDIA GeForce RTX 3090");
        assertThat(release(matcher.judge(mixed), "pytorch", "25.12").way()).isEqualTo(Way.NOT_ON_THIS_DRIVER);
        HostFacts twoA100 = EditedHost.withGpus("535.183.01", "NVIDIA A100-SXM4-80GB", "NVIDIA A100-SXM4-80GB");
        ImageMatch m = release(matcher.judge(twoA100), "pytorch", "25.12");
        assertThat(m.way()).isEqualTo(Way.FORWARD_COMPATIBILITY);
        assertThat(m.why()).filteredOn(w -> w.contains("is a datacenter GPU")).hasSize(1);
    }

    /** "I need torch 2.1" / "torch 2.10": the releases shipping it that run here. */
    @Test
    void releasesByFrameworkVersion() throws Exception {
        HostFacts rtx3090 = EditedHost.with("NVIDIA GeForce RTX 3090", "535.183.01");
        assertThat(matcher.forFramework(rtx3090, "pytorch", Version.of("2.1")))
                .extracting(i -> i.image().release()).containsExactly("23.10");
        assertThat(matcher.forFramework(rtx3090, "pytorch", Version.of("2.10"))).isEmpty();

        HostFacts h200 = EditedHost.with("NVIDIA H200", "580.159.04");
        assertThat(matcher.forFramework(h200, "pytorch", Version.of("2.10")))
                .extracting(i -> i.image().release()).containsExactly("25.12");
        // 2.1 is not 2.10: versions compare by number, not by text.
        assertThat(matcher.forFramework(h200, "pytorch", Version.of("2.1"))).extracting(i -> i.image().release())
                .containsExactly("23.10");
        assertThat(matcher.forFramework(h200, "tritonserver", Version.of("2.9")))
                .extracting(i -> i.image().tag().orElse("")).containsExactly("25.12-trtllm-python-py3");
        // 24.02 ships torch 2.3 but states no driver and no CUDA: it is never offered.
        assertThat(matcher.forFramework(h200, "pytorch", Version.of("2.3"))).isEmpty();
        assertThat(release(matcher.judge(h200), "pytorch", "24.02").way()).isEqualTo(Way.UNKNOWN);
    }

    /** judge() lists every release once, each image's releases newest first. */
    @Test
    void judgeListsEveryReleaseNewestFirstPerImage() throws Exception {
        List<ImageMatch> all = matcher.judge(EditedHost.with("NVIDIA H200", "580.159.04"));
        assertThat(all).extracting(ImageMatch::name).containsExactly(
                "nvcr.io/nvidia/pytorch 26.06", "nvcr.io/nvidia/pytorch 25.12", "nvcr.io/nvidia/pytorch 24.06",
                "nvcr.io/nvidia/pytorch 24.02", "nvcr.io/nvidia/pytorch:23.10-py3", "nvcr.io/nvidia/tritonserver 25.12",
                "nvcr.io/nvidia/tritonserver:25.12-trtllm-python-py3", "nvcr.io/nvidia/tritonserver 23.10");
        // 26.06 rests on an unconfirmed toolkit entry too (13.3.0's driver is quoted second-hand).
        assertThat(all.get(0).why()).anySatisfy(w -> assertThat(w).contains("cuda-toolkit.yaml line").contains("unconfirmed"));
    }

    // ------------------------------------------------------------------ the small matrix

    static final String NGC = """
            schemaVersion: 1
            subject: ngc
            entries:
              - image: "nvcr.io/nvidia/pytorch"
                release: "26.06"
                cuda: "13.3.0"
                source: "https://github.com/NVIDIA/nsight-python/pull/45"
                confirmed: false
              - image: "nvcr.io/nvidia/pytorch"
                release: "25.12"
                cuda: "13.1.0"
                framework: {name: "pytorch", version: "2.10.0a0+b4e4ee81d3"}
                source: "https://docs.nvidia.com/deeplearning/frameworks/pytorch-release-notes/rel-25-12.html"
              - image: "nvcr.io/nvidia/pytorch"
                release: "24.06"
                cuda: "12.5.0.23"
                minDriver: "545"
                forwardCompatBranches: [{branch: "470", minVersion: "470.57"}, {branch: "525", minVersion: "525.85"}, {branch: "535", minVersion: "535.86"}, {branch: "545", minVersion: "545.23"}]
                source: "https://github.com/joshchernoff/ai_scripts/blob/12b893c62b7b40e0f6b52786e3c6e13f785b2dfd/README.md"
                confirmed: false
              - image: "nvcr.io/nvidia/pytorch"
                tag: "23.10-py3"
                release: "23.10"
                cuda: "12.2.2"
                framework: {name: "pytorch", version: "2.1.0a0+32f93b1"}
                source: "https://github.com/vllm-project/vllm/issues/3786"
                confirmed: false
              - image: "nvcr.io/nvidia/pytorch"
                release: "24.02"
                tensorrt: "8.6.3"
                framework: {name: "pytorch", version: "2.3.0a0+ebedce2"}
                source: "https://triton-inference-server.github.io/model_navigator/0.8.1/support_matrix"
                confirmed: false
              - image: "nvcr.io/nvidia/tritonserver"
                release: "23.10"
                cuda: "12.2.2"
                minDriver: "535"
                forwardCompatBranches: [{branch: "450", minVersion: "450.51"}, {branch: "470", minVersion: "470.57"}, {branch: "510", minVersion: "510.47"}, {branch: "525", minVersion: "525.85"}, {branch: "535", minVersion: "535.86"}]
                computeCapability: {min: "6.0"}
                source: "https://docs.nvidia.com/deeplearning/sdk/inference-release-notes/rel-23-10.html"
              - image: "nvcr.io/nvidia/tritonserver"
                release: "25.12"
                cuda: "13.1.0.36"
                minDriver: "575"
                forwardCompatBranches: [{branch: "470", minVersion: "470.57"}, {branch: "525", minVersion: "525.85"}, {branch: "535", minVersion: "535.86"}, {branch: "545", minVersion: "545.23"}]
                computeCapability: {min: "7.5"}
                source: "https://docs.nvidia.com/deeplearning/triton-inference-server/release-notes/rel-25-12.html"
              - image: "nvcr.io/nvidia/tritonserver"
                tag: "25.12-trtllm-python-py3"
                release: "25.12"
                cuda: "13.0.2.006"
                tensorrt: "10.13.3.9"
                framework: {name: "pytorch", version: "2.9.0a0+145a3a7bda.nv25.10"}
                source: "https://docs.nvidia.com/deeplearning/triton-inference-server/user-guide/docs/introduction/compatibility.html"
            """;

    static final String CUDA_TOOLKIT = """
            schemaVersion: 1
            subject: cuda-toolkit
            sources:
              rn-13.2.2: https://docs.nvidia.com/cuda/archive/13.2.2/cuda-toolkit-release-notes/index.html
              rn-13.3.0: https://docs.nvidia.com/cuda/archive/13.3.0/cuda-toolkit-release-notes/index.html
              rn-13.0.0: https://docs.nvidia.com/cuda/archive/13.0.0/cuda-toolkit-release-notes/index.html
            entries:
              - version: "12.2.2"
                minDriver: {linux: "535.104.05", windows: "537.13"}
                source: rn-13.2.2
              - version: "13.0.2"
                minDriver: {linux: "580.95.05"}
                source: rn-13.2.2
              - version: "13.1.0"
                minDriver: {linux: "590.44.01"}
                source: rn-13.2.2
              - version: "13.3.0"
                minDriver: {linux: "610.43.02"}
                source: rn-13.3.0
                confirmed: false
            architectures:
              - toolkit: "13.0"
                droppedSm: ["50", "52", "53", "60", "61", "62", "70", "72"]
                source: rn-13.0.0
            """;

    static final String FORWARD_COMPAT = """
            schemaVersion: 1
            subject: forward-compat
            sources:
              fwd-compat: https://docs.nvidia.com/deploy/cuda-compatibility/forward-compatibility.html
            supportedGpuClasses:
              - class: datacenter
                supported: true
                source: fwd-compat
              - class: workstation
                supported: true
                source: fwd-compat
                note: "Only selected NGC Server Ready RTX SKUs, not RTX professional cards in general."
              - class: embedded
                supported: true
                source: fwd-compat
              - class: consumer
                supported: false
                source: fwd-compat
            entries:
              - cudaVersion: "13.3"
                package: cuda-compat-13-3
                supportedBaseBranches: ["535", "570", "580", "590", "595"]
                nativeBranch: "610"
                source: fwd-compat
              - cudaVersion: "13.1"
                package: cuda-compat-13-1
                compatDriver: "590"
                supportedBaseBranches: ["535", "570", "580"]
                nativeBranch: "590"
                notCompatibleBranches: ["595", "610", "615"]
                source: fwd-compat
              - cudaVersion: "13.0"
                package: cuda-compat-13-0
                compatDriver: "580"
                supportedBaseBranches: ["535", "570"]
                nativeBranch: "580"
                source: fwd-compat
            """;

    static final String GPUS = """
            schemaVersion: 1
            subject: gpus
            sources:
              cuda-gpus: https://developer.nvidia.com/cuda-gpus
              cuda-legacy-gpus: https://developer.nvidia.com/cuda-legacy-gpus
            entries:
              - name: "NVIDIA H200"
                match: ['\\bH200\\b']
                architecture: Hopper
                computeCapability: "9.0"
                class: datacenter
                source: cuda-gpus
              - name: "NVIDIA A100 SXM4 80GB"
                match: ['\\bA100[ -]SXM4?[ -]80GB\\b']
                architecture: Ampere
                computeCapability: "8.0"
                class: datacenter
                source: cuda-gpus
              - name: "NVIDIA V100"
                match: ['\\bV100']
                architecture: Volta
                computeCapability: "7.0"
                class: datacenter
                source: cuda-legacy-gpus
              - name: "NVIDIA RTX A6000"
                match: ['\\bRTX A6000\\b']
                architecture: Ampere
                computeCapability: "8.6"
                class: workstation
                source: cuda-gpus
              - name: "GeForce RTX 3090"
                match: ['\\bRTX 3090\\b(?! Ti)']
                architecture: Ampere
                computeCapability: "8.6"
                class: consumer
                source: cuda-gpus
            """;
}
