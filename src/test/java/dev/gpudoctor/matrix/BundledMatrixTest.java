package dev.gpudoctor.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Version;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The matrix bundled in the jar validates, and its queries give what the YAML states. */
class BundledMatrixTest {

    static Matrix matrix;

    @BeforeAll
    static void load() throws MatrixException {
        matrix = MatrixLoader.bundled();
    }

    @Test
    void bundledMatrixValidatesAndHasEverySubject() {
        assertThat(matrix.schemaVersion()).isEqualTo(1);
        assertThat(matrix.matrixVersion()).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(matrix.info().files()).extracting(FileSummary::subject).containsExactly(Subject.values());
        assertThat(matrix.info().files()).allSatisfy(f -> assertThat(f.file()).startsWith("compat-matrix/"));
        assertThat(matrix.cudaToolkits()).hasSizeGreaterThan(50);
        assertThat(matrix.gpus()).hasSizeGreaterThan(100);
        assertThat(matrix.knownBad()).isNotEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            NVIDIA H200               | NVIDIA H200                   | Hopper       | 9.0
            NVIDIA H100 80GB HBM3     | NVIDIA H100 SXM5 80GB         | Hopper       | 9.0
            NVIDIA H100 NVL           | NVIDIA H100 NVL               | Hopper       | 9.0
            NVIDIA A100-SXM4-80GB     | NVIDIA A100 SXM4 80GB         | Ampere       | 8.0
            NVIDIA GeForce RTX 3090   | GeForce RTX 3090              | Ampere       | 8.6
            NVIDIA GeForce RTX 4090   | GeForce RTX 4090              | Ada Lovelace | 8.9
            NVIDIA L40S               | NVIDIA L40S                   | Ada Lovelace | 8.9
            NVIDIA L4                 | NVIDIA L4                     | Ada Lovelace | 8.9
            Tesla T4                  | NVIDIA T4                     | Turing       | 7.5
            NVIDIA GeForce RTX 5090   | GeForce RTX 5090              | Blackwell    | 12.0
            """)
    void lookupGpuOnRealNvidiaSmiNames(String smiName, String entry, String architecture, String cc) {
        GpuModel g = matrix.lookupGpu(smiName).orElseThrow();
        assertThat(g.name()).isEqualTo(entry);
        assertThat(g.architecture()).isEqualTo(architecture);
        assertThat(g.computeCapability()).isEqualTo(Version.of(cc));
        assertThat(g.citation().url()).startsWith("https://");
    }

    /** The nvcc lists agree with the drops the matrix records: nothing a toolkit dropped is in its own or a later list. */
    @Test
    void supportedArchitectureListsAgreeWithTheDrops() {
        var lists = matrix.architectures().stream().filter(a -> !a.supportedSm().isEmpty()).toList();
        assertThat(lists).extracting(a -> a.toolkit().toString()).contains("11.2", "11.8", "12.4", "12.5", "13.0");
        for (ArchitectureChange withList : lists) {
            assertThat(withList.citation().url()).startsWith("https://");
            for (ArchitectureChange drop : matrix.architectures()) {
                if (drop.citation().confirmed() && !drop.droppedSm().isEmpty()
                        && drop.toolkit().compareTo(withList.toolkit()) <= 0) {
                    assertThat(withList.supportedSm()).as("CUDA %s builds for what %s dropped", withList.toolkit(),
                            drop.toolkit()).doesNotContainAnyElementsOf(drop.droppedSm());
                }
            }
        }
        ArchitectureChange cuda13 = lists.stream().filter(a -> a.toolkit().equals(Version.of("13.0"))).findFirst().orElseThrow();
        assertThat(cuda13.supportedSm()).contains(75, 110, 121).doesNotContain(70, 101);
        assertThat(cuda13.describe()).contains("builds for sm [75, 80");
    }

    @Test
    void similarNamesDoNotMatchTheWrongGpu() {
        assertThat(matrix.lookupGpu("NVIDIA GH200 480GB").orElseThrow().name()).isEqualTo("NVIDIA GH200");
        assertThat(matrix.lookupGpu("NVIDIA GeForce RTX 3090 Ti").orElseThrow().name()).isEqualTo("GeForce RTX 3090 Ti");
        assertThat(matrix.lookupGpu("NVIDIA L40").orElseThrow().name()).isEqualTo("NVIDIA L40");
        assertThat(matrix.lookupGpu("NVIDIA A10").orElseThrow().name()).isEqualTo("NVIDIA A10");
        assertThat(matrix.lookupGpu("Matrox G200eW")).isEmpty();
    }

    @Test
    void lookupGpuByPciIdListsEveryProductOfASharedId() {
        assertThat(matrix.lookupGpuByPciId("0x2330")).extracting(GpuModel::name).containsExactly("NVIDIA H100 SXM5 80GB");
        assertThat(matrix.lookupGpuByPciId("10de:2330")).hasSize(1);
        assertThat(matrix.lookupGpuByPciId("25B6")).extracting(GpuModel::name).containsExactly("NVIDIA A16", "NVIDIA A2");
        assertThat(matrix.lookupGpuByPciId("0xffff")).isEmpty();
    }

    @Test
    void minDriverForGivesTheToolkitTableValues() {
        CudaToolkit t = matrix.minDriverFor(Version.of("12.4.1")).orElseThrow();
        assertThat(t.minDriverLinux()).contains(Version.of("550.54.15"));
        assertThat(t.minDriverWindows()).contains(Version.of("551.78"));
        assertThat(t.citation().url()).isEqualTo("https://docs.nvidia.com/cuda/archive/13.2.2/cuda-toolkit-release-notes/index.html");
        assertThat(t.confirmed()).isTrue();
        // 12.4 is 12.4.0, the GA release.
        assertThat(matrix.minDriverFor(Version.of("12.4")).orElseThrow().minDriverLinux()).contains(Version.of("550.54.14"));
        // 13.0.3 is listed, but its toolkit driver is not known.
        assertThat(matrix.cudaToolkit(Version.of("13.0.3"))).isPresent();
        assertThat(matrix.minDriverFor(Version.of("13.0.3"))).isEmpty();
        MinorVersionCompat mvc = matrix.minorVersionCompatFor(Version.of("12.4.1")).orElseThrow();
        assertThat(mvc.minDriverLinux()).contains(Version.of("525.60.13"));
        assertThat(mvc.coversBranch(535)).isTrue();
        assertThat(mvc.coversBranch(580)).isFalse();
    }

    @Test
    void cudaCeilingOfGoesByBranch() {
        assertThat(matrix.cudaCeilingOf(Version.of("535.104.05"))).contains(Version.of("12.2"));
        assertThat(matrix.driverBranchOf(Version.of("535.104.05")).orElseThrow().lts()).isTrue();
        assertThat(matrix.cudaCeilingOf(Version.of("580.159.04"))).contains(Version.of("13.0"));
        // R620: only the major is known; R999: not in the matrix.
        assertThat(matrix.cudaCeilingOf(Version.of("620.10"))).isEmpty();
        assertThat(matrix.driverBranchOf(Version.of("620.10")).orElseThrow().cudaCeilingMajor()).contains(13);
        assertThat(matrix.cudaCeilingOf(Version.of("999.1"))).isEmpty();
        // R565 is kept for information only.
        assertThat(matrix.driverBranchOf(Version.of("565.57.01")).orElseThrow().confirmed()).isFalse();
    }

    @Test
    void frameworkQueries() {
        PytorchRelease torch = matrix.pytorchFor(Version.of("2.5.1")).orElseThrow();
        assertThat(torch.version()).isEqualTo(Version.of("2.5"));
        assertThat(torch.defaultVariant().orElseThrow().tag()).isEqualTo("cu124");
        assertThat(torch.variant("cu118").orElseThrow().cudnn()).contains(Version.of("9.1.0.70"));
        assertThat(matrix.pytorchFor(Version.of("2.10.0")).orElseThrow().version()).isEqualTo(Version.of("2.10"));
        assertThat(matrix.cudnnReleases(Version.of("9.1"))).extracting(c -> c.version().toString())
                .containsExactly("9.1.0", "9.1.1");
        assertThat(matrix.tensorflowFor(Version.of("2.16.1")).orElseThrow().cuda()).isEqualTo(Version.of("12.3"));
        assertThat(matrix.tensorflowFor(Version.of("2.15.1")).orElseThrow().version()).isEqualTo(Version.of("2.15.0"));
        assertThat(matrix.forwardCompat().gpuClass("consumer").orElseThrow().supported()).isFalse();
        assertThat(matrix.forwardCompat().packageFor(Version.of("12.8.1")).orElseThrow().supportedBaseBranches())
                .containsExactly(535);
        assertThat(matrix.lastBranchFor(Version.of("3.7")).orElseThrow().lastBranch()).isEqualTo(470);
    }

    /**
     * known-bad.yaml's affects: read into conditions: the CUDA 13 torch wheels without pre-Turing
     * kernels (RELEASE.md), JAX's CUDA 13 wheels (driver >= 580 or SM >= 7.5, two alternatives), and
     * an entry whose setup is relative (older than the build's cuDNN) left as prose.
     */
    @Test
    void knownBadEntriesCarryTheirAffects() {
        KnownBad cu13 = matrix.knownBad("pytorch-cu13-builds-need-turing").orElseThrow();
        assertThat(cu13.affects()).singleElement().satisfies(c -> {
            assertThat(c.torch()).map(Object::toString).contains(">=2.9");
            assertThat(c.torchCuda()).containsExactly("cu130", "cu132");
            assertThat(c.computeCapability()).map(Object::toString).contains("<7.5");
            assertThat(c.driver()).isEmpty();
            assertThat(c.aboutPython()).isTrue();
        });
        assertThat(cu13.severity()).isEqualTo("error");
        assertThat(cu13.components()).containsEntry("variant", "cu130, cu132");

        KnownBad jax = matrix.knownBad("jax-cuda13-old-driver-or-pre-turing").orElseThrow();
        assertThat(jax.affects()).hasSize(2);
        assertThat(jax.affects().get(0).packages()).containsOnlyKeys("jax-cuda13-plugin");
        assertThat(jax.affects().get(0).driver()).map(Object::toString).contains("<580");
        assertThat(jax.affects().get(1).computeCapability()).map(Object::toString).contains("<7.5");
        assertThat(jax.severity()).isEqualTo("warning");

        assertThat(matrix.knownBad("tensorflow-2-16-1-gpu-not-detected-pip").orElseThrow().affects())
                .singleElement().satisfies(c -> assertThat(c.environment()).containsExactly("venv"));
        KnownBad prose = matrix.knownBad("pytorch-pip-system-cudnn-on-ld-library-path").orElseThrow();
        assertThat(prose.affects()).isEmpty();
        assertThat(prose.matchable()).isFalse();
        assertThat(matrix.knownBad()).filteredOn(KnownBad::matchable).extracting(KnownBad::id).containsExactly(
                "pytorch-2-7-cu128-no-volta-maxwell-pascal", "pytorch-2-8-cu128-cu129-no-maxwell-pascal",
                "pytorch-2-11-cu128-no-volta", "pytorch-cu13-builds-need-turing",
                "tensorflow-2-16-1-gpu-not-detected-pip", "jax-cuda13-old-driver-or-pre-turing");
    }
}
