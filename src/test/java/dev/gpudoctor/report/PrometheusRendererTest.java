package dev.gpudoctor.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.RootedFiles;
import dev.gpudoctor.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * check --format prometheus on the fixture hosts, checked by Prometheus's own parser and linter
 * (promtool check metrics, from Debian's prometheus package, which CI installs).
 */
class PrometheusRendererTest {

    @TempDir
    Path tmp;

    private static String render(String fixture) {
        StringWriter out = new StringWriter();
        dev.gpudoctor.cli.GpuDoctor.commandLine(new dev.gpudoctor.cli.Runtime(Map.of("PATH", "/usr/bin:/bin"), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), false)).execute("check", "--from", Fixtures.bundle(fixture).toString(),
                "--format", "prometheus");
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h200-torch-container", "torch-cu130-on-driver-550", "gpu-on-pci-no-driver", "no-gpu-no-toolkit",
            "gpu-memory-errors"})
    void promtoolAcceptsIt(String fixture) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        assumeTrue(Files.isExecutable(promtool), "promtool (Debian package prometheus)");
        Path metrics = Files.writeString(tmp.resolve(fixture + ".prom"), render(fixture));
        // promtool reads the metrics on stdin; a shell only redirects the file into it.
        var r = new ExecCommandRunner(Map.of("PATH", "/usr/bin:/bin"), new RootedFiles(Path.of("/")))
                .run(List.of("/bin/sh", "-c", "exec /usr/bin/promtool check metrics < \"$0\"", metrics.toString()), Duration.ofSeconds(30));
        assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isZero();
        assertThat(r.stdout() + r.stderr()).as("lint warnings").isBlank();
    }

    /** The H200: its versions as labels, its two info findings, no error. */
    @Test
    void theH200sVersionsAndFindings() {
        String m = render("h200-torch-container");
        assertThat(m).contains("gpu_doctor_driver_info{cuda_version=\"13.0\",driver_version=\"580.159.04\"} 1",
                "gpu_doctor_gpu_info{index=\"0\",name=\"NVIDIA H200\",pci_bus_id=\"00000000:00:06.0\"} 1",
                "gpu_doctor_cudnn_info{location=\"/usr/lib/x86_64-linux-gnu\",version=\"9.14.0.64\"} 1",
                "gpu_doctor_findings{severity=\"error\"} 0", "gpu_doctor_findings{severity=\"info\"} 2",
                "gpu_doctor_finding{code=\"cudnn.multiple-copies\",severity=\"info\"} 1", "gpu_doctor_check_ok 1");
        assertThat(render("torch-cu130-on-driver-550")).contains("gpu_doctor_check_ok 0",
                "gpu_doctor_finding{code=\"framework.cuda-above-driver\",severity=\"error\"} 1");
    }

    @Test
    void labelValuesAreEscaped() {
        assertThat(PrometheusRenderer.escape("a\\b \"c\"\nd")).isEqualTo("a\\\\b \\\"c\\\"\\nd");
    }
}
