package dev.gpudoctor.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan --target on the fixture hosts: the stack chosen, the steps in order, and why. */
class TargetPlannerTest {

    static Matrix matrix;

    @TempDir
    Path tmp;

    @BeforeAll
    static void load() throws Exception {
        matrix = MatrixLoader.bundled();
    }

    private HostFacts facts(String fixture) throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle(fixture), Files.createTempDirectory(tmp, fixture));
        return Examination.of(host, List.of(), Duration.ofSeconds(30)).facts();
    }

    private HostFacts edited(String fixture, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode json = Json.mapper().valueToTree(facts(fixture));
        edit.accept(json);
        return Json.mapper().treeToValue(json, HostFacts.class);
    }

    private Plan plan(HostFacts f, String target) {
        return new TargetPlanner(matrix).plan(f, Target.parse(target));
    }

    private static List<List<String>> steps(Plan p) {
        return p.actions().stream().flatMap(i -> i.fix().steps().stream()).toList();
    }

    /** torch 2.9 (CUDA 13.0 builds only) on Ubuntu 22.04 with driver 550: the 580 branch first, then the cu130 wheel. */
    @Test
    void torchNeedingANewerDriverInstallsTheBranchFirst() throws Exception {
        Plan p = plan(facts("torch-cu130-on-driver-550"), "torch==2.9.0");
        assertThat(steps(p)).containsExactly(
                List.of("ubuntu-drivers", "install", "nvidia:580"),
                List.of("/opt/venv/bin/python3", "-m", "pip", "install", "torch==2.9.0", "--index-url",
                        "https://download.pytorch.org/whl/cu130"));
        assertThat(p.needsReboot()).isTrue();
        assertThat(p.why()).anyMatch(w -> w.startsWith("CUDA 13.0 needs driver >= 580.65.06") && w.contains("cuda-toolkit.yaml"));
    }

    /** The H200 (driver 580, CUDA 13.0 ceiling) wanting torch 2.5.1: the cu124 build runs as is, no driver step. */
    @Test
    void torchThatRunsOnTheInstalledDriverNeedsOnlyPip() throws Exception {
        Plan p = plan(facts("h200-torch-container"), "torch==2.5.1");
        assertThat(steps(p)).containsExactly(List.of("/opt/torch/.venv/bin/python3", "-m", "pip", "install", "torch==2.5.1",
                "--index-url", "https://download.pytorch.org/whl/cu124"));
        assertThat(p.needsRoot()).isFalse();
    }

    /** A V100 (sm_70) wanting torch 2.11: the cu128 and cu130 wheels have no Volta kernels, so cu126. */
    @Test
    void torchBuildsWithoutKernelsForTheGpuAreLeftOut() throws Exception {
        Plan p = plan(facts("volta-v100-cuda13-stack"), "torch==2.11.0");
        assertThat(steps(p)).singleElement().satisfies(s -> assertThat(s).endsWith("https://download.pytorch.org/whl/cu126"));
        assertThat(p.why()).anyMatch(w -> w.startsWith("cu130 is left out: NVIDIA V100 (compute capability 7.0)"));
    }

    /** A Kepler K80 (last driver R470) cannot get the driver CUDA 13.0 needs: no steps, and why. */
    @Test
    void aGpuWhoseLastBranchIsTooOldGetsNoDriverStep() throws Exception {
        HostFacts k80 = edited("h200-torch-container", f -> {
            ((ObjectNode) f.at("/driver/smi/value")).put("driverVersion", "470.256.02").put("cudaCeiling", "11.4");
            ((ObjectNode) f.at("/driver/smi/value/gpus/0")).put("name", "Tesla K80");
            ((ObjectNode) f.at("/kernel/module/value")).put("version", "470.256.02");
        });
        Plan p = plan(k80, "cuda=13.0");
        assertThat(p.actions()).isEmpty();
        assertThat(p.why()).anyMatch(w -> w.contains("Tesla K80") && w.contains("gets no driver after R470"));
    }

    @Test
    void tensorflowWithItsCudaExtra() throws Exception {
        Plan p = plan(facts("h200-torch-container"), "tensorflow==2.15");
        assertThat(steps(p)).containsExactly(List.of("/opt/torch/.venv/bin/python3", "-m", "pip", "install",
                "tensorflow[and-cuda]==2.15.*"));
    }

    /** CUDA 12.8 on a driver 535 Ubuntu 22.04 host: driver branch 570, then NVIDIA's repository and the toolkit. */
    @Test
    void toolkitWithDriverAndRepository() throws Exception {
        Plan p = plan(facts("torch-cu124-on-driver-535"), "cuda=12.8");
        assertThat(steps(p)).first().isEqualTo(List.of("ubuntu-drivers", "install", "nvidia:570"));
        assertThat(steps(p)).last().isEqualTo(List.of("apt-get", "install", "-y", "cuda-toolkit-12-8"));
        assertThat(steps(p)).contains(List.of("apt-get", "update"));
    }

    @Test
    void whatTheMatrixDoesNotKnowIsSaidNotGuessed() throws Exception {
        Plan p = plan(facts("h200-torch-container"), "torch==9.9");
        assertThat(p.actions()).isEmpty();
        assertThat(p.advice()).singleElement().satisfies(i -> assertThat(i.fix().summary()).contains("not in the compatibility matrix"));
        assertThat(plan(facts("h200-torch-container"), "tensorrt=10.3").advice()).singleElement()
                .satisfies(i -> assertThat(i.fix().summary()).contains("does not say which CUDA"));
    }

    /**
     * The H200's facts on Rocky Linux 9 instead of Ubuntu: CUDA 12.4 comes from NVIDIA's rhel9
     * repository through dnf, and the real applier runs exactly those argv against a fake dnf.
     */
    @Test
    void rockyPlanRunsThroughDnf() throws Exception {
        HostFacts rocky = edited("h200-torch-container", f -> ((ObjectNode) f.at("/system/os/value"))
                .put("id", "rocky").put("versionId", "9.6").put("prettyName", "Rocky Linux 9.6 (Blue Onyx)")
                .put("idLike", "rhel centos fedora"));
        Plan p = plan(rocky, "cuda=12.4");
        assertThat(steps(p)).isNotEmpty().allSatisfy(s -> assertThat(s.get(0)).isEqualTo("dnf"));
        assertThat(steps(p)).last().isEqualTo(List.of("dnf", "install", "-y", "cuda-toolkit-12-4"));
        dev.gpudoctor.testing.FakeCommands fakes = dev.gpudoctor.testing.FakeCommands.in(tmp);
        Applier applier = new Applier(new dev.gpudoctor.host.live.ExecCommandRunner(java.util.Map.of("PATH", fakes.path()),
                new dev.gpudoctor.host.live.RootedFiles(Path.of("/"))), () -> true, Duration.ofSeconds(30),
                new java.io.PrintWriter(java.io.Writer.nullWriter()));
        assertThat(applier.apply(p, tmp.resolve("rocky.log")).completed()).isTrue();
        assertThat(fakes.ran()).isEqualTo(steps(p));
    }

    /** The container toolkit on Ubuntu 22.04, configured for containerd: package, then the runtime configuration. */
    @Test
    void containerToolkitForContainerd() throws Exception {
        Plan p = plan(facts("torch-cu124-on-driver-535"), "container-toolkit=containerd");
        assertThat(steps(p)).contains(List.of("apt-get", "install", "-y", "nvidia-container-toolkit"));
        assertThat(steps(p)).anyMatch(s -> s.get(0).equals("nvidia-ctk") && s.contains("--runtime=containerd"));
        assertThat(steps(p)).last().isEqualTo(List.of("systemctl", "restart", "containerd"));
    }

    /**
     * docker, pip and modprobe steps go through the real applier too: an RTX 3090 on driver 535 pulls
     * the NGC image its driver runs natively; a host without any Python environment installs torch
     * with python3 on PATH; a driver installed but not loaded (Secure Boot off) is loaded.
     */
    @Test
    void dockerPipAndModprobeStepsRunThroughTheFakes() throws Exception {
        HostFacts geforce = edited("h200-torch-container", f -> {
            ((ObjectNode) f.at("/driver/smi/value")).put("driverVersion", "535.183.01").put("cudaCeiling", "12.2");
            ((ObjectNode) f.at("/driver/smi/value/gpus/0")).put("name", "NVIDIA GeForce RTX 3090");
            ((ObjectNode) f.at("/kernel/module/value")).put("version", "535.183.01");
            ((ObjectNode) f.at("/natives")).putObject("nvml").put("status", "absent").put("why", "not asked");
        });
        Plan image = plan(geforce, "image pytorch");
        assertThat(steps(image)).containsExactly(List.of("docker", "pull", "nvcr.io/nvidia/pytorch:23.10-py3"));
        HostFacts noPython = edited("h200-torch-container", f -> ((ObjectNode) f.at("/python/environments")).putArray("value"));
        Plan pip = plan(noPython, "torch==2.5.1");
        assertThat(steps(pip)).containsExactly(List.of("python3", "-m", "pip", "install", "torch==2.5.1", "--index-url",
                "https://download.pytorch.org/whl/cu124"));
        HostFacts unloaded = edited("secureboot-unsigned-module", f -> ((ObjectNode) f.at("/kernel/secureBoot")).put("value", false));
        Plan load = Plan.forFindings(dev.gpudoctor.report.Reports.diagnose(unloaded, List.of()));
        assertThat(steps(load)).startsWith(List.of("modprobe", "nvidia"));
        for (Plan p : List.of(image, pip, load)) {
            dev.gpudoctor.testing.FakeCommands fakes = dev.gpudoctor.testing.FakeCommands.in(Files.createTempDirectory(tmp, "fakes"));
            Applier applier = new Applier(new dev.gpudoctor.host.live.ExecCommandRunner(java.util.Map.of("PATH", fakes.path()),
                    new dev.gpudoctor.host.live.RootedFiles(Path.of("/"))), () -> true, Duration.ofSeconds(30),
                    new java.io.PrintWriter(java.io.Writer.nullWriter()));
            assertThat(applier.apply(p, tmp.resolve("kinds.log")).completed()).as(p.goal()).isTrue();
            assertThat(fakes.ran()).isEqualTo(steps(p));
        }
    }

    @Test
    void targetsParseLikeRequireExpressions() {
        assertThat(Target.parse("torch==2.5.1")).isInstanceOf(Target.Torch.class);
        assertThat(Target.parse("cuda=12.4")).isInstanceOf(Target.Cuda.class);
        assertThat(Target.parse("image pytorch")).isEqualTo(new Target.Image("pytorch", "image pytorch"));
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Target.parse("torch==2.5; reboot")))
                .hasMessageContaining("is not a target");
    }
}
