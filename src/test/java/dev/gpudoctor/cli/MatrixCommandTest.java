package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.matrix.Subject;
import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The matrix commands through the real command line, with their exit codes. */
class MatrixCommandTest {

    @TempDir
    Path tmp;

    @Test
    void validateTheBundledMatrix() {
        Cli.Run r = Cli.run("matrix", "validate");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Matrix 20").contains("(schemaVersion 1, bundled): valid")
                .containsPattern("cuda-toolkit\\.yaml +\\d+ entries, 3 minorVersionCompatibility, \\d+ architectures, \\d+ unconfirmed")
                .containsPattern("gpus\\.yaml +\\d+ entries");
        for (Subject s : Subject.values()) {
            assertThat(r.out()).contains("  " + s.fileName() + " ");
        }
    }

    @Test
    void validateABrokenCopyCouldNotRunAndNamesFileLineAndField() throws IOException {
        Path dir = copyOfTheMatrix();
        Path f = dir.resolve("known-bad.yaml");
        Files.writeString(f, Files.readString(f).replace("    source: https://github.com/pytorch/pytorch/issues/80637\n", ""));
        int line = Files.readAllLines(f).indexOf("  - id: pytorch-pip-system-cudnn-on-ld-library-path") + 1;
        Cli.Run r = Cli.run("matrix", "validate", "--matrix", dir.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.out()).isEmpty();
        assertThat(line).isPositive();
        assertThat(r.err()).contains("the compatibility matrix is broken")
                .contains(f + " line " + line + ": entries[0].source: missing")
                .doesNotContain("Exception").doesNotContain("at dev.gpudoctor");
    }

    @Test
    void validateAnotherFolder() throws IOException {
        Path dir = copyOfTheMatrix();
        Cli.Run r = Cli.run("matrix", "validate", "--matrix", dir.toString());
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains(dir + "): valid");
    }

    @Test
    void showSummaryAndOneSubject() {
        Cli.Run r = Cli.run("matrix", "show");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).startsWith("Compatibility matrix 20").containsPattern("known-bad +\\d+ entries");

        Cli.Run cudnn = Cli.run("matrix", "show", "cudnn");
        assertThat(cudnn.exit()).isEqualTo(0);
        assertThat(cudnn.out()).startsWith("cudnn.yaml entries (")
                .contains("cuDNN 9.1.0, engines: CUDA 12.x driver >= 525.60.13; CUDA 11.x [11.8] driver >= 450.80.02")
                .containsPattern("compat-matrix/cudnn\\.yaml line \\d+, source https://docs\\.nvidia\\.com/deeplearning/cudnn/support-matrix/");

        Cli.Run drivers = Cli.run("matrix", "show", "driver-branches");
        assertThat(drivers.out()).contains("driver-branches.yaml lastBranchPerArchitecture (5):")
                .contains("R565: CUDA ceiling 12.7  [unconfirmed]");
    }

    @Test
    void showJson() throws IOException {
        JsonNode summary = Json.mapper().readTree(Cli.run("matrix", "show", "--format", "json").out());
        assertThat(summary.path("schemaVersion").asInt()).isEqualTo(1);
        assertThat(summary.path("files")).hasSize(Subject.values().length);

        Cli.Run r = Cli.run("matrix", "show", "tensorflow", "--format", "json");
        assertThat(r.exit()).isEqualTo(0);
        JsonNode doc = Json.mapper().readTree(r.out());
        assertThat(doc.path("subject").asText()).isEqualTo("tensorflow");
        assertThat(doc.path("entries").get(0).path("version").asText()).isEqualTo("2.18.0");
    }

    @Test
    void showAnUnknownSubjectIsAUsageError() {
        Cli.Run r = Cli.run("matrix", "show", "cudnnn");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("unknown subject 'cudnnn'; one of: cuda-toolkit,");
    }

    @Test
    void lookupCuda() {
        Cli.Run r = Cli.run("matrix", "lookup", "cuda", "12.4");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).startsWith("cuda 12.4 (matrix 20")
                .contains("CUDA 12.4.0 (cudart 12.4.99): toolkit driver Linux >= 550.54.14, Windows >= 551.61")
                .contains("CUDA 12.4.1 (cudart 12.4.127): toolkit driver Linux >= 550.54.15, Windows >= 551.78")
                .contains("CUDA 12.x minor version compatibility: driver Linux >= 525.60.13")
                .contains("R550: CUDA ceiling 12.4")
                .contains("cuda-compat-12-4 (CUDA 12.4): supported on branches [535]")
                .contains("source https://docs.nvidia.com/cuda/archive/13.2.2/cuda-toolkit-release-notes/index.html");
    }

    @Test
    void lookupGpuByNameAndPciId() {
        Cli.Run r = Cli.run("matrix", "lookup", "gpu", "RTX 3090");
        assertThat(r.exit()).isEqualTo(0);
        assertThat(r.out()).contains("GeForce RTX 3090: Ampere, compute capability 8.6, consumer, PCI 0x2204")
                .doesNotContain("3090 Ti");
        assertThat(Cli.run("matrix", "lookup", "gpu", "Tesla V100-SXM2-16GB").out())
                .contains("NVIDIA V100: Volta, compute capability 7.0").contains("Volta [7.0, 7.2]: last driver branch R580");
        assertThat(Cli.run("matrix", "lookup", "gpu", "0x2330").out()).contains("NVIDIA H100 SXM5 80GB: Hopper");
    }

    @Test
    void lookupDriverCudnnTorch() {
        Cli.Run driver = Cli.run("matrix", "lookup", "driver", "535.104.05");
        assertThat(driver.exit()).isEqualTo(0);
        assertThat(driver.out()).contains("R535: CUDA ceiling 12.2, LTS, ltsb, end of life 2026-06")
                .contains("CUDA 12.x minor version compatibility");

        Cli.Run cudnn = Cli.run("matrix", "lookup", "cudnn", "9.1");
        assertThat(cudnn.out()).contains("cuDNN 9.1.0").contains("cuDNN 9.1.1").doesNotContain("cuDNN 9.10");

        Cli.Run torch = Cli.run("matrix", "lookup", "torch", "2.5.1");
        assertThat(torch.exit()).isEqualTo(0);
        assertThat(torch.out()).contains("PyTorch 2.5 (Python 3.9-3.12): cu118 stable cuDNN 9.1.0.70;")
                .contains("cu124 stable default cuDNN 9.1.0.70");
    }

    @Test
    void lookupJsonCarriesTheEntryAndItsSource() throws IOException {
        Cli.Run r = Cli.run("matrix", "lookup", "torch", "2.5.1", "--format", "json");
        assertThat(r.exit()).isEqualTo(0);
        JsonNode match = Json.mapper().readTree(r.out()).path("matches").get(0);
        assertThat(match.path("subject").asText()).isEqualTo("pytorch");
        assertThat(match.path("file").asText()).isEqualTo("compat-matrix/pytorch.yaml");
        assertThat(match.path("field").asText()).isEqualTo("entries[9]");
        assertThat(match.path("source").asText()).isEqualTo("release-md-main");
        assertThat(match.path("url").asText()).startsWith("https://github.com/pytorch/pytorch/blob/main/RELEASE.md");
        assertThat(match.path("confirmed").asBoolean()).isTrue();
        assertThat(match.path("entry").path("version").asText()).isEqualTo("2.5");
        assertThat(match.path("entry").path("variants")).hasSize(3);
    }

    @Test
    void lookupWithoutMatchOrWithBadInput() {
        Cli.Run none = Cli.run("matrix", "lookup", "cuda", "99.1");
        assertThat(none.exit()).isEqualTo(ExitCode.PROBLEMS.code());
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains("no entry of the matrix matches cuda 99.1");

        Cli.Run notAVersion = Cli.run("matrix", "lookup", "cuda", "twelve");
        assertThat(notAVersion.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(notAVersion.err()).contains("'twelve' is not a version");

        assertThat(Cli.run("matrix", "lookup", "nccl", "2.19").exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(Cli.run("matrix").exit()).isEqualTo(ExitCode.USAGE.code());
    }

    private Path copyOfTheMatrix() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("matrix"));
        try (Stream<Path> files = Files.list(Path.of("compat-matrix"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        return dir;
    }
}
