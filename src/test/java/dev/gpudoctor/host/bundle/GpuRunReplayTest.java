package dev.gpudoctor.host.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle captured on a real NVIDIA H100 (docs/gpu-runs/2026-11-26-h100) replays here, on a
 * machine without a GPU, to the facts that the capturing run reported there.
 */
class GpuRunReplayTest {

    static final Path RUN = Path.of(System.getProperty("basedir", "."), "docs/gpu-runs/2026-11-26-h100");

    @TempDir
    Path tmp;

    /**
     * The replayed facts as the capturing versions wrote them: those did not count the package
     * databases yet (system.packages), which the replay of their dpkg status does.
     */
    private static JsonNode replayedFacts(Examination.Result here) {
        assertThat(here.facts().system().packages().value()).containsKey("dpkg");
        JsonNode facts = Fixtures.factsWithoutTimings(here.facts());
        ((com.fasterxml.jackson.databind.node.ObjectNode) facts.get("system")).remove("packages");
        return facts;
    }

    @Test
    void h100CaptureReplaysToTheReportWrittenOnTheGpuHost() throws Exception {
        BundleHost host = BundleHost.open(RUN.resolve("capture.tar.gz"), tmp);
        JsonNode there = Json.mapper().readTree(Files.readString(host.folder().resolve(BundleWriter.REPORT)));
        Examination.Result here = Examination.of(host, List.of(), Duration.ofSeconds(30));

        com.fasterxml.jackson.databind.node.ObjectNode replayed =
                (com.fasterxml.jackson.databind.node.ObjectNode) replayedFacts(here);
        // The capturing version did not ask NVML or the CUDA driver API, nor have --deep, yet: today's
        // replay says "not recorded" / "not asked" there.
        ((com.fasterxml.jackson.databind.node.ObjectNode) replayed.get("natives")).remove(List.of("nvml", "cudaDriver"));
        replayed.remove("deep");
        replayed.remove("copies");
        assertThat(replayed).isEqualTo(Fixtures.factsWithoutTimings(there.get("facts")));
        assertThat(here.facts().driver().smi().value().gpus()).singleElement()
                .satisfies(g -> assertThat(g.name()).isEqualTo("NVIDIA H100 80GB HBM3"));
    }

    /** The native run on an H200: NVML's and cuInit's recorded answers replay too, every fact equal. */
    @Test
    void h200NativeCaptureReplaysToTheReportWrittenOnTheGpuHost() throws Exception {
        Path run = RUN.resolveSibling("2026-11-26-h200-native");
        BundleHost host = BundleHost.open(run.resolve("capture.tar.gz"), tmp);
        JsonNode there = Json.mapper().readTree(Files.readString(host.folder().resolve(BundleWriter.REPORT)));
        Examination.Result here = Examination.of(host, List.of(), Duration.ofSeconds(30));
        com.fasterxml.jackson.databind.node.ObjectNode replayed =
                (com.fasterxml.jackson.databind.node.ObjectNode) replayedFacts(here);
        // The capturing version did not ask library copies yet: today's replay says "not recorded" there.
        replayed.remove("copies");
        assertThat(replayed).isEqualTo(Fixtures.factsWithoutTimings(there.get("facts")));
        assertThat(here.facts().natives().nvml().value().gpus()).singleElement()
                .satisfies(g -> assertThat(g.computeCapabilityMajor()).isEqualTo(9));
        assertThat(here.facts().natives().cudaDriver().value().initResult()).isZero();
    }

    /**
     * check --deep on a real H100 with torch, JAX (CUDA 13 plugin) and a CPU-only onnxruntime in one
     * environment: each framework's own answer replays, every fact equal to the report written there.
     * The capture predates bundles recording what they were asked, so the replay asks --deep itself.
     */
    @Test
    void h100DeepCaptureReplaysEachFrameworksAnswer() throws Exception {
        Path run = RUN.resolveSibling("2026-11-26-h100-deep");
        BundleHost host = BundleHost.open(run.resolve("capture.tar.gz"), tmp);
        JsonNode there = Json.mapper().readTree(Files.readString(host.folder().resolve(BundleWriter.REPORT)));
        Examination.Result here = Examination.of(host, List.of(), List.of(), true, Duration.ofSeconds(75));
        JsonNode thereFacts = Fixtures.factsWithoutTimings(there.get("facts"));
        // The capturing build also wrote a derived "cpuOnlyBuild" flag into each answer; it is no
        // longer part of the facts (it is computed from builtForCuda and gpuError when needed).
        thereFacts.at("/deep/runs/value").forEach(r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r.at("/answer/value"))
                .remove("cpuOnlyBuild"));
        assertThat(replayedFacts(here)).isEqualTo(thereFacts);
        var runs = here.facts().deep().runs().value();
        assertThat(runs).extracting(r -> r.framework()).containsExactly("torch", "jax", "onnxruntime");
        assertThat(runs.get(0).answer().value().cudnn()).hasToString("9.19.0");
        assertThat(runs.get(1).answer().value().cudnn()).hasToString("9.19.0");
        assertThat(runs.get(1).mappedCudaLibraries()).anyMatch(m -> m.endsWith("/jax_plugins/xla_cuda13/xla_cuda_plugin.so"));
        assertThat(runs.get(2).answer().value().isCpuOnlyBuild()).isTrue();
        assertThat(dev.gpudoctor.report.Reports.diagnose(here.facts(), List.of())).extracting(f -> f.code())
                .doesNotContain("deep.gpu-unavailable", "deep.wrong-result", "deep.differs-from-emulation");
    }

    /**
     * A capture made with --deep on the H100 by a build that records what it was asked: the replay
     * asks --deep by itself (no option given here) and every fact equals the report written there.
     */
    @Test
    void h100CaptureRecordsThatItWasAskedDeep() throws Exception {
        BundleHost host = BundleHost.open(RUN.resolveSibling("2026-11-26-h100-fix-plan").resolve("capture.tar.gz"), tmp);
        assertThat(host.asked().deep()).isTrue();
        JsonNode there = Json.mapper().readTree(Files.readString(host.folder().resolve(BundleWriter.REPORT)));
        Examination.Result here = Examination.of(host, host.asked().pythons(), host.asked().pids(), host.asked().deep(),
                Duration.ofSeconds(75));
        assertThat(replayedFacts(here)).isEqualTo(Fixtures.factsWithoutTimings(there.get("facts")));
        assertThat(here.facts().deep().runs().value()).extracting(r -> r.framework()).containsExactly("torch", "jax", "onnxruntime");
    }

    @Test
    void noSerialNumberIsKeptInTheRun() throws Exception {
        BundleHost host = BundleHost.open(RUN.resolve("capture.tar.gz"), tmp);
        try (var files = Files.walk(host.folder())) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1))
                        .as(p.toString()).doesNotContainPattern("<serial>[0-9]");
            }
        }
        assertThat(Files.readString(RUN.resolve("nvidia-smi-q-x.xml"))).doesNotContainPattern("<serial>[0-9]");
        for (String run : List.of("2026-11-26-h100-deep", "2026-11-26-h100-fix-plan")) {
            BundleHost b = BundleHost.open(RUN.resolveSibling(run).resolve("capture.tar.gz"), Files.createDirectories(tmp.resolve(run)));
            try (var files = Files.walk(b.folder())) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(p, java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as(p.toString()).doesNotContainPattern("<serial>[0-9]");
                }
            }
        }
    }
}
