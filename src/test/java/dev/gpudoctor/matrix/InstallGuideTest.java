package dev.gpudoctor.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** install.yaml as loaded: its cross-references hold, and validation refuses what a plan must never run. */
class InstallGuideTest {

    static Matrix matrix;

    @TempDir
    Path dir;

    @BeforeAll
    static void load() throws MatrixException {
        matrix = MatrixLoader.bundled();
    }

    @Test
    void everyDistributionNamesDriverMethodsOfItsOwnFamilyAndHasARepository() {
        InstallGuide g = matrix.install();
        assertThat(g.distributions()).isNotEmpty();
        for (InstallGuide.Distro d : g.distributions()) {
            assertThat(d.drivers()).as(d.name()).isNotEmpty();
            for (String method : d.drivers()) {
                assertThat(g.driver(method)).as(d.name() + " names " + method).isPresent();
                assertThat(g.driver(method).orElseThrow().family()).as(method).isEqualTo(d.family());
            }
            assertThat(g.repository(d.family())).as(d.name()).isPresent();
            assertThat(d.citation().url()).startsWith("https://");
        }
        for (String component : List.of("driver", "cuda-toolkit", "cudnn", "tensorrt", "container-toolkit", "pytorch")) {
            assertThat(g.guide(component)).as(component).isPresent();
        }
    }

    @ParameterizedTest(name = "{0} {1} is {2}")
    @CsvSource(textBlock = """
            ubuntu,    20.04, ubuntu2004
            ubuntu,    22.04, ubuntu2204
            ubuntu,    24.04, ubuntu2404
            debian,    12,    debian12
            rhel,      8.10,  rhel8
            rhel,      9.4,   rhel9
            rocky,     8.10,  rhel8
            rocky,     9.6,   rhel9
            almalinux, 9.4,   rhel9
            """)
    void theDistributionsOfTheBriefMapToNvidiasRepositories(String id, String versionId, String repo) {
        assertThat(matrix.install().distribution(id, versionId)).map(InstallGuide.Distro::cudaRepo).contains(repo);
    }

    @Test
    void versionIdMatchesByLeadingComponentsNotByText() {
        InstallGuide g = matrix.install();
        // Rocky 8.10 is release 8, not a prefix accident of "8.1"; Ubuntu 20.10 is not 20.04.
        assertThat(g.distribution("rocky", "8.10")).map(d -> d.versionId().toString()).contains("8");
        assertThat(g.distribution("ubuntu", "20.10")).isEmpty();
        assertThat(g.distribution("rhel", "10.0")).isEmpty();
        assertThat(g.distribution("alpine", "3.20.2")).isEmpty();
        assertThat(g.distribution("ubuntu", null)).isEmpty();
    }

    @Test
    void driverMethodsCoverTheBranchesTheirSourcesName() {
        InstallGuide g = matrix.install();
        // cuda-drivers-NNN ends with 580 (590 renamed the packages); RHEL's streams change at 560 and 575.
        assertThat(g.driver("cuda-drivers-branch").orElseThrow().covers(580)).isTrue();
        assertThat(g.driver("cuda-drivers-branch").orElseThrow().covers(590)).isFalse();
        assertThat(g.driver("rhel-dkms-stream").orElseThrow().covers(555)).isTrue();
        assertThat(g.driver("rhel-dkms-stream").orElseThrow().covers(560)).isFalse();
        assertThat(g.driver("rhel-open-stream").orElseThrow().covers(570)).isTrue();
        assertThat(g.driver("rhel-open-enable").orElseThrow().covers(575)).isTrue();
        assertThat(g.driver("rhel-open-enable").orElseThrow().covers(570)).isFalse();
    }

    @Test
    void componentsAreFoundByFamilyAndMajor() {
        InstallGuide g = matrix.install();
        assertThat(g.component("cudnn", "rhel", Optional.of(9))).map(InstallGuide.Component::packages)
                .contains(List.of("cudnn9-cuda-{cudaMajor}"));
        assertThat(g.component("cudnn", "debian", Optional.of(8))).isEmpty();
        assertThat(g.component("tensorrt", "debian", Optional.of(10))).isPresent();
        assertThat(g.component("tensorrt", "rhel", Optional.of(10))).isEmpty();
        assertThat(g.component("container-toolkit", "rhel", Optional.empty()).orElseThrow().configureFor("docker"))
                .isPresent();
    }

    @Test
    void anInstallEntryWithoutSourceFailsValidation() throws Exception {
        copyTheMatrix();
        String yaml = Files.readString(dir.resolve("install.yaml"));
        int line = lineOf(yaml, "  - id: ubuntu");
        String cut = yaml.replaceFirst("\n    source: cuda-guide-12.5.1\n", "\n");
        assertThat(cut).isNotEqualTo(yaml);
        Files.writeString(dir.resolve("install.yaml"), cut);
        assertThatThrownBy(() -> MatrixLoader.fromDirectory(dir)).isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.problems()).extracting(Problem::toString)
                        .containsExactly(dir.resolve("install.yaml") + " line " + line + ": entries[0].source: missing"));
    }

    @Test
    void aStepRunningAnotherProgramOrCarryingShellSyntaxIsRefused() throws Exception {
        copyTheMatrix();
        String yaml = Files.readString(dir.resolve("install.yaml"));
        String bad = yaml.replace("      - [ubuntu-drivers, install, \"nvidia:{branch}\"]",
                "      - [sh, -c, \"ubuntu-drivers install nvidia:{branch}; reboot\"]");
        assertThat(bad).isNotEqualTo(yaml);
        Files.writeString(dir.resolve("install.yaml"), bad);
        assertThatThrownBy(() -> MatrixLoader.fromDirectory(dir)).isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.problems()).extracting(Problem::field)
                        .contains("drivers[0].steps[0][0]", "drivers[0].steps[0][2]"));
    }

    @Test
    void aRepositoryIdWithShellSyntaxIsRefused() throws Exception {
        copyTheMatrix();
        String yaml = Files.readString(dir.resolve("install.yaml"));
        String bad = yaml.replace("cudaRepo: ubuntu2204", "cudaRepo: \"ubuntu2204 $(reboot)\"");
        Files.writeString(dir.resolve("install.yaml"), bad);
        assertThatThrownBy(() -> MatrixLoader.fromDirectory(dir)).isInstanceOfSatisfying(MatrixException.class,
                e -> assertThat(e.problems()).extracting(Problem::field).containsExactly("entries[1].cudaRepo"));
    }

    private void copyTheMatrix() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("compat-matrix"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private static int lineOf(String text, String line) {
        List<String> lines = text.lines().toList();
        return lines.indexOf(line) + 1;
    }
}
