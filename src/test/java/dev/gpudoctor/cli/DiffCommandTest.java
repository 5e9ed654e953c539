package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gpu-doctor diff on saved reports and captures: "node 17 differs from node 3". */
class DiffCommandTest {

    @TempDir
    Path tmp;

    @Test
    void aHostAgainstItsOwnReportIsTheSame() throws Exception {
        Path report = tmp.resolve("h200.json");
        Files.writeString(report, Cli.run("check", "--from", Fixtures.bundle("h200-torch-container").toString(), "--format", "json").out());
        Cli.Run r = Cli.run("diff", report.toString(), Fixtures.bundle("h200-torch-container").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("The same stack and findings");
    }

    /** Two Ubuntu 22.04 hosts, one on driver 550 with torch cu130, one on 535 with cu124. */
    @Test
    void twoHostsDifferInDriverFrameworkAndFindings() {
        Cli.Run r = Cli.run("diff", Fixtures.bundle("torch-cu130-on-driver-550").toString(),
                Fixtures.bundle("torch-cu124-on-driver-535").toString(), "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("\"key\" : \"driver\"", "\"a\" : \"550.54.15\"", "\"b\" : \"535.183.01\"")
                .contains("\"key\" : \"torch in /opt/venv\"")
                .contains("framework.cuda-above-driver (error)");
        assertThat(Cli.run("diff", Fixtures.bundle("torch-cu130-on-driver-550").toString(),
                Fixtures.bundle("torch-cu124-on-driver-535").toString(), "--format", "markdown").out())
                .startsWith("### gpu-doctor diff").contains("| driver | 550.54.15 | 535.183.01 |");
    }

    /** The H200 fixture against the capture made on a real H100: the same software, another GPU. */
    @Test
    void theSameSoftwareOnAnotherGpu() {
        Cli.Run r = Cli.run("diff", Fixtures.bundle("h200-torch-container").toString(),
                Path.of(System.getProperty("basedir", "."), "docs/gpu-runs/2026-11-26-h100-fix-plan/capture.tar.gz").toString());
        assertThat(r.out()).contains("GPU NVIDIA H200", "GPU NVIDIA H100 80GB HBM3").doesNotContain("driver  ");
    }
}
