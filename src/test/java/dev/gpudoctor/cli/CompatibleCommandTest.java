package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What each fixture host can run, from the matrix. */
class CompatibleCommandTest {

    private static JsonNode compatible(String fixture) throws Exception {
        Cli.Run r = Cli.run("compatible", "--from", Fixtures.bundle(fixture).toString(), "--format", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        return Json.mapper().readTree(r.out());
    }

    private static List<String> names(JsonNode items, String way) {
        List<String> out = new ArrayList<>();
        items.forEach(i -> {
            if (way == null || i.path("way").asText().equals(way)) {
                out.add(i.path("name").asText());
            }
        });
        return out;
    }

    /** The H200 on driver 580 (CUDA 13.0): CUDA 13.0 toolkits natively, later 13.x by minor version compatibility. */
    @Test
    void h200RunsCuda13AndTorchCu130() throws Exception {
        JsonNode c = compatible("h200-torch-container");
        assertThat(c.path("driver").asText()).isEqualTo("580.159.04");
        assertThat(names(c.path("toolkits"), "NATIVE")).contains("CUDA 13.0.2", "CUDA 12.9.1", "CUDA 11.8.0");
        assertThat(names(c.path("toolkits"), "MINOR_VERSION_COMPATIBILITY")).contains("CUDA 13.2.0");
        assertThat(names(c.path("pytorch"), "NATIVE")).contains("torch 2.11 cu130");
        assertThat(c.path("pytorch").toString()).contains("--index-url https://download.pytorch.org/whl/cu130");
    }

    /** An A100 on driver 535 (CUDA 12.2): no CUDA 13 anything, CUDA 12.4 builds by minor version compatibility. */
    @Test
    void a100OnDriver535HasNoCuda13() throws Exception {
        JsonNode c = compatible("missing-nvidia-uvm");
        assertThat(c.path("cudaCeiling").asText()).isEqualTo("12.2");
        assertThat(names(c.path("toolkits"), null)).noneMatch(n -> n.startsWith("CUDA 13"));
        assertThat(names(c.path("toolkits"), "NATIVE")).contains("CUDA 12.2.0").doesNotContain("CUDA 12.4.0");
        assertThat(names(c.path("pytorch"), null)).noneMatch(n -> n.endsWith("cu130"));
        assertThat(names(c.path("pytorch"), "MINOR_VERSION_COMPATIBILITY")).contains("torch 2.5 cu124");
    }

    @Test
    void noDriverNoList() {
        Cli.Run r = Cli.run("compatible", "--from", Fixtures.bundle("gpu-on-pci-no-driver").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS.code());
        assertThat(r.out()).contains("no NVIDIA driver is running here");
    }
}
