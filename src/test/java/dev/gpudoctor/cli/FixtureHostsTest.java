package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * End to end over every fixture host: {@code check --from FIXTURE} through the real command line,
 * its text report (default and {@code -v}) against golden files, its exit code, and the key facts
 * of each case read from {@code --format json}.
 *
 * <p>Regenerate the golden files with {@code ./mvnw test -Dtest=FixtureHostsTest
 * -Dgpu-doctor.update-golden=true} and read the diff: a changed report is a change of behaviour.
 * They are read and written in the source tree (like {@link Fixtures#bundle}), so that
 * regeneration writes the files the next run compares against.
 */
class FixtureHostsTest {

    private static final boolean UPDATE = Boolean.getBoolean("gpu-doctor.update-golden");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Each fixture and the exit code its report gives today (0 no problem, 1 problems found). */
    static Stream<Arguments> fixtures() {
        return Stream.of(
                Arguments.of("h200-torch-container", 0),
                Arguments.of("devhost-toolkit-no-gpu", 1),
                Arguments.of("no-gpu-no-toolkit", 1),
                Arguments.of("gpu-on-pci-no-driver", 1),
                Arguments.of("nouveau-loaded", 1),
                Arguments.of("driver-library-mismatch", 1),
                Arguments.of("missing-nvidia-uvm", 1),
                // A warning: the wrong cuDNN may work or crash, depending on what tensorflow calls.
                Arguments.of("pip-cudnn-shadowed-by-ld-library-path", 0),
                Arguments.of("two-toolkits-default-older", 0),
                Arguments.of("wsl2", 0),
                Arguments.of("secureboot-unsigned-module", 1),
                Arguments.of("nvidia-smi-no-driver", 1),
                Arguments.of("missing-device-nodes", 1),
                Arguments.of("mig-enabled-a100", 0),
                Arguments.of("gpu-memory-errors", 1),
                // Warnings only: minor version compatibility lets torch start.
                Arguments.of("torch-cu124-on-driver-535", 0),
                Arguments.of("torch-cu130-on-driver-550", 1),
                Arguments.of("cpu-only-torch-on-gpu-host", 0),
                Arguments.of("compat-libcuda-loaded-older", 1),
                Arguments.of("compat-on-geforce", 1),
                Arguments.of("torch-missing-libcudnn", 1),
                Arguments.of("container-require-cuda-unmet", 1),
                Arguments.of("wsl1", 1),
                Arguments.of("volta-v100-cuda13-stack", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void textReportMatchesGoldenAndExitCode(String fixture, int exit) throws IOException {
        Cli.Run plain = check(fixture);
        Cli.Run verbose = check(fixture, "-v");
        assertThat(plain.err()).as("stderr").isEmpty();
        assertThat(plain.exit()).as("exit code of %s", fixture).isEqualTo(exit);
        assertThat(verbose.exit()).isEqualTo(exit);
        assertGolden(fixture + ".txt", plain.out());
        assertGolden(fixture + "-verbose.txt", verbose.out());
    }

    /**
     * The plan gpu-doctor fix prints for each fixture host (a dry run): read the golden files as an
     * admin would, a changed plan is a change of behaviour. Every runnable step of a plan is an argv
     * whose program is a plain name or an absolute path, never a shell line.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void fixPlanMatchesGolden(String fixture, int exit) throws IOException {
        Cli.Run plan = Cli.run("fix", "--from", Fixtures.bundle(fixture).toString());
        assertThat(plan.exit()).as(plan.err()).isZero();
        assertGolden("fix/" + fixture + ".txt", plan.out());
        Cli.Run json = Cli.run("fix", "--from", Fixtures.bundle(fixture).toString(), "--format", "json");
        for (JsonNode action : Json.mapper().readTree(json.out()).at("/plan/actions")) {
            for (JsonNode step : action.at("/fix/steps")) {
                assertThat(step.get(0).asText()).matches("[a-z][a-z0-9._-]*|/[A-Za-z0-9._/-]+");
                assertThat(step.get(0).asText()).isNotIn("sh", "bash", "/bin/sh", "/bin/bash");
            }
        }
    }

    @Test
    void devhostHasTheToolkitAndNoGpu() {
        JsonNode f = facts("devhost-toolkit-no-gpu");
        JsonNode toolkit = f.at("/cuda/toolkits/value/0");
        assertThat(toolkit.path("home").asText()).isEqualTo("/usr/local/cuda-13.0");
        assertThat(f.at("/cuda/defaultToolkitLink/value").asText()).isEqualTo("/usr/local/cuda-13.0");
        assertThat(f.at("/driver/smi/status").asText()).isEqualTo("absent");
        assertThat(f.at("/pci/nvidiaDevices/status").asText()).isIn("found", "absent");
        assertThat(f.at("/pci/nvidiaDevices/value").size()).isZero();
        assertThat(f.at("/kernel/module/status").asText()).isEqualTo("absent");
    }

    @Test
    void noGpuHostHasNothingOfTheStack() {
        JsonNode f = facts("no-gpu-no-toolkit");
        assertThat(f.at("/pci/nvidiaDevices/value").size()).isZero();
        assertThat(f.at("/cuda/toolkits/status").asText()).isEqualTo("absent");
        assertThat(f.at("/python/environments/status").asText()).isEqualTo("absent");
        assertThat(f.at("/kernel/loadedModules/value").size()).isZero();
    }

    @Test
    void gpuWithoutDriverIsSeenOnThePciBusOnly() {
        JsonNode f = facts("gpu-on-pci-no-driver");
        JsonNode gpu = onlyGpu(f);
        assertThat(gpu.path("deviceId").asText()).isEqualTo("0x2230");
        assertThat(gpu.at("/name/value").asText()).isEqualTo("GA102GL [RTX A6000]");
        assertThat(gpu.at("/driver/status").asText()).isEqualTo("absent");
        assertThat(f.at("/kernel/module/status").asText()).isEqualTo("absent");
        assertThat(gpusLine("gpu-on-pci-no-driver")).startsWith("[✗] GPUs").contains("no NVIDIA driver is using it");
    }

    @Test
    void nouveauHoldsTheGpu() {
        JsonNode f = facts("nouveau-loaded");
        assertThat(texts(f.at("/kernel/loadedModules/value"))).contains("nouveau").noneMatch(m -> m.startsWith("nvidia"));
        assertThat(onlyGpu(f).at("/driver/value").asText()).isEqualTo("nouveau");
        assertThat(f.at("/kernel/nouveauBlacklistFiles/value").size()).isZero();
        assertThat(f.at("/kernel/secureBoot/value").asBoolean()).isTrue();
        assertThat(gpusLine("nouveau-loaded")).startsWith("[✗] GPUs");
    }

    @Test
    void driverLibraryMismatchFailsNvidiaSmiAndShowsBothVersions() {
        JsonNode f = facts("driver-library-mismatch");
        for (String smi : List.of("/driver/smi", "/driver/smiVersion")) {
            assertThat(f.at(smi + "/status").asText()).as(smi).isEqualTo("failed");
            assertThat(f.at(smi + "/why").asText()).as(smi).contains("Driver/library version mismatch");
        }
        assertThat(f.at("/kernel/module/value/version").asText()).isEqualTo("550.54.15");
        assertThat(f.at("/driver/libcuda/value/0/version").asText()).isEqualTo("550.90.07");
        assertThat(f.at("/driver/libnvidiaMl/value/0/version").asText()).isEqualTo("550.90.07");
    }

    @Test
    void missingUvmHasNoUvmModuleNorNode() {
        JsonNode f = facts("missing-nvidia-uvm");
        assertThat(texts(f.at("/kernel/loadedModules/value"))).contains("nvidia").doesNotContain("nvidia_uvm");
        List<String> nodes = new ArrayList<>();
        f.at("/kernel/deviceNodes/value").forEach(n -> nodes.add(n.path("path").asText()));
        assertThat(nodes).contains("/dev/nvidia0", "/dev/nvidiactl").doesNotContain("/dev/nvidia-uvm");
        assertThat(f.at("/driver/smi/value/gpus/0/name").asText()).isEqualTo("NVIDIA A100-SXM4-80GB");
        assertThat(f.at("/driver/smi/value/cudaCeiling").asText()).isEqualTo("12.2");
    }

    @Test
    void twoToolkitsWithTheDefaultOnTheOlder() {
        JsonNode cuda = facts("two-toolkits-default-older").path("cuda");
        assertThat(cuda.at("/defaultToolkitLink/value").asText()).isEqualTo("/usr/local/cuda-12.1");
        List<String> toolkits = new ArrayList<>();
        cuda.at("/toolkits/value").forEach(t -> toolkits.add(t.path("home").asText() + " " + t.path("version").asText()));
        assertThat(toolkits).containsExactly("/usr/local/cuda-12.1 12.1.1", "/usr/local/cuda-12.4 12.4.1");
        assertThat(cuda.at("/nvccOnPath/value").asText()).isEqualTo("/usr/local/cuda/bin/nvcc");
    }

    @Test
    void tensorflowLoadsTheOldCudnnFromLdLibraryPath() {
        JsonNode f = facts("pip-cudnn-shadowed-by-ld-library-path");
        JsonNode tf = f.at("/linker/resolutions/value/0");
        assertThat(tf.path("framework").asText()).isEqualTo("tensorflow");
        JsonNode cudnn = null;
        for (JsonNode d : tf.path("dependencies")) {
            if (d.path("soname").asText().equals("libcudnn.so.8")) {
                cudnn = d;
            }
        }
        assertThat(cudnn).as("libcudnn.so.8 among tensorflow's dependencies").isNotNull();
        assertThat(cudnn.path("via").asText()).isEqualTo("ld_library_path");
        assertThat(cudnn.path("version").asText()).isEqualTo("8.6.0");
        assertThat(cudnn.path("resolvedPath").asText()).isEqualTo("/usr/local/cudnn-8.6/lib/libcudnn.so.8.6.0");
        assertThat(cudnn.path("shadowed")).hasSize(1);
        assertThat(cudnn.path("shadowed").get(0).path("path").asText())
                .isEqualTo("/opt/venv/lib/python3.10/site-packages/nvidia/cudnn/lib/libcudnn.so.8");
        assertThat(cudnn.path("shadowed").get(0).path("version").asText()).as("the wheel's").isEqualTo("8.9.4.25");
        assertThat(f.at("/python/environments/value/0/tensorflow/value/builtForCudnn").asText()).isEqualTo("8");
    }

    @Test
    void wslIsVersion2WithTheWindowsDriver() {
        JsonNode f = facts("wsl2");
        assertThat(f.at("/container/wsl/value/version").asInt()).isEqualTo(2);
        assertThat(f.at("/container/wsl/value/wslLibDirectory").asBoolean()).isTrue();
        assertThat(f.at("/driver/smi/value/driverVersion").asText()).isEqualTo("560.94");
        assertThat(f.at("/driver/smi/value/cudaCeiling").asText()).isEqualTo("12.6");
        assertThat(f.at("/driver/smi/value/gpus/0/name").asText()).isEqualTo("NVIDIA GeForce RTX 4090");
        assertThat(f.at("/kernel/module/status").asText()).isEqualTo("absent");
    }

    @Test
    void secureBootVariableIsReadAndTheGpuHasNoDriver() {
        JsonNode f = facts("secureboot-unsigned-module");
        assertThat(f.at("/kernel/secureBoot/value").asBoolean()).isTrue();
        assertThat(f.at("/kernel/module/status").asText()).isEqualTo("absent");
        assertThat(onlyGpu(f).at("/driver/status").asText()).isEqualTo("absent");
        assertThat(f.at("/driver/smi/why").asText()).contains("exited 9", "couldn't communicate");
    }

    /** With the module loaded, "couldn't communicate" is a stuck driver, not a missing module: the fix says so. */
    @Test
    void unreachableLoadedDriverPointsToTheKernelLog() {
        JsonNode f = facts("nvidia-smi-no-driver");
        assertThat(f.at("/kernel/module/value/version").asText()).isEqualTo("535.183.01");
        assertThat(f.at("/driver/smi/status").asText()).isEqualTo("failed");
        String report = check("nvidia-smi-no-driver").out();
        assertThat(report).contains("535.183.01 is loaded, yet nvidia-smi cannot reach the driver", "Xid 79")
                .doesNotContain("means the kernel module is not loaded");
    }

    @Test
    void olderCompatLibcudaIsReachedThroughLdLibraryPathFromCudartsPointOfView() {
        JsonNode f = facts("compat-libcuda-loaded-older");
        JsonNode libcuda = null;
        for (JsonNode d : f.at("/linker/resolutions/value/0/dependencies")) {
            if (d.path("soname").asText().equals("libcuda.so.1")) {
                libcuda = d;
            }
        }
        assertThat(libcuda).isNotNull();
        assertThat(libcuda.path("resolvedPath").asText()).isEqualTo("/usr/local/cuda-12.8/compat/libcuda.so.570.124.06");
        assertThat(libcuda.path("via").asText()).isEqualTo("ld_library_path");
        assertThat(f.at("/driver/smi/value/driverVersion").asText()).isEqualTo("580.65.06");
    }

    @Test
    void wslOneHasNoGpuPath() {
        JsonNode f = facts("wsl1");
        assertThat(f.at("/container/wsl/value/version").asInt()).isEqualTo(1);
        assertThat(f.at("/container/wsl/value/wslLibDirectory").asBoolean()).isFalse();
    }

    @Test
    void h200LoadsTheWheelCudnnThroughRpath() {
        JsonNode f = facts("h200-torch-container");
        assertThat(f.at("/driver/smi/value/gpus/0/name").asText()).isEqualTo("NVIDIA H200");
        assertThat(f.at("/linker/resolutions/value/0/framework").asText()).isEqualTo("torch");
    }

    // ------------------------------------------------------------------------------------------

    private static Cli.Run check(String fixture, String... more) {
        List<String> args = new ArrayList<>(List.of("check", "--from", Fixtures.bundle(fixture).toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    private static JsonNode facts(String fixture) {
        Cli.Run r = check(fixture, "--format", "json");
        assertThat(r.err()).isEmpty();
        try {
            return JSON.readTree(r.out()).path("facts");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + r.out(), e);
        }
    }

    private static JsonNode onlyGpu(JsonNode facts) {
        JsonNode devices = facts.at("/pci/nvidiaDevices/value");
        List<JsonNode> gpus = new ArrayList<>();
        devices.forEach(d -> {
            if (d.path("classCode").asText().startsWith("0x03")) {
                gpus.add(d);
            }
        });
        assertThat(gpus).hasSize(1);
        return gpus.get(0);
    }

    private static String gpusLine(String fixture) {
        return check(fixture).out().lines().filter(l -> l.contains(" GPUs ")).findFirst().orElse("");
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** Only what legitimately varies: the run's timing, and the checkout's absolute path if printed. */
    static String normalize(String report) {
        String repo = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().toString();
        return report.replace(repo, "<repo>").replaceAll("\\(\\d+ ms\\)", "(N ms)");
    }

    private static void assertGolden(String name, String actual) throws IOException {
        Path golden = Path.of(System.getProperty("basedir", "."), "src/test/resources/golden", name);
        String normalized = normalize(actual);
        if (UPDATE) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, normalized);
            return;
        }
        assertThat(golden).as("golden file (regenerate with -Dgpu-doctor.update-golden=true)").isRegularFile();
        assertThat(normalized).as(name).isEqualTo(Files.readString(golden));
    }
}
