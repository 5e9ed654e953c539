package dev.gpudoctor.probe.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.ContainerFacts;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.CapturedSamples;
import dev.gpudoctor.testing.FakeHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerProbeTest {

    @TempDir
    Path root;

    private static ContainerFacts probe(FakeHost host) {
        return new ContainerProbe().probe(new ProbeContext(host));
    }

    private FakeHost h200() {
        FakeHost host = CapturedSamples.copyTree("samples/h200/rootfs", new FakeHost(root)).file("/.dockerenv", "");
        CapturedSamples.env("samples/h200/commands/env.txt").forEach(host::env);
        return host;
    }

    @Test
    void theH200TorchContainer() {
        ContainerFacts c = probe(h200());

        assertThat(c.container().value()).isEqualTo("docker");
        assertThat(c.container().evidence()).extracting(Evidence::where).containsExactly("/.dockerenv");
        assertThat(c.visibleDevices().value()).isEqualTo("0");
        assertThat(c.visibleDevices().evidence()).containsExactly(Evidence.environment("NVIDIA_VISIBLE_DEVICES"));
        assertThat(c.driverCapabilities().value()).isEqualTo("compute,graphics,utility");
        assertThat(c.requireCuda().value().alternatives()).hasSize(61);
        assertThat(c.requireCuda().evidence()).containsExactly(Evidence.environment("NVIDIA_REQUIRE_CUDA"));
        assertThat(c.wsl().status()).isEqualTo(Status.ABSENT);
        assertThat(c.summarize().get(0).headline()).isEqualTo("in a docker container, image requires cuda>=13.0");
    }

    @Test
    void theDevelopmentMachineIsADockerContainerWhoseCgroupSaysNothing() {
        FakeHost host = CapturedSamples.copyTree("samples/devhost/rootfs", new FakeHost(root)).file("/.dockerenv", "");

        ContainerFacts c = probe(host);

        assertThat(c.container().value()).isEqualTo("docker");
        assertThat(c.visibleDevices().status()).isEqualTo(Status.ABSENT);
        assertThat(c.visibleDevices().why()).isEqualTo("not set");
        assertThat(c.requireCuda().status()).isEqualTo(Status.ABSENT);
    }

    @Test
    void aKubernetesPodRunByDockerIsKubernetes() {
        FakeHost host = new FakeHost(root).file("/.dockerenv", "")
                .file("/proc/1/cgroup", "12:pids:/kubepods/besteffort/pod1c2d/3e4f\n11:memory:/kubepods/besteffort/pod1c2d/3e4f\n");

        ContainerFacts c = probe(host);

        assertThat(c.container().value()).isEqualTo("kubernetes");
        assertThat(c.container().evidence()).extracting(Evidence::where).containsExactly("/proc/1/cgroup");
    }

    @Test
    void podmanLeavesRunContainerenv() {
        assertThat(probe(new FakeHost(root).file("/run/.containerenv", "engine=\"podman-4.9.3\"\n")).container().value())
                .isEqualTo("podman");
    }

    @Test
    void aBareHostIsNotAContainerAndSaysWhereItLooked() {
        FakeHost host = new FakeHost(root).file("/proc/1/cgroup", "0::/init.scope\n")
                .file("/proc/self/cgroup", "0::/user.slice/user-1000.slice/session-2.scope\n");

        ContainerFacts c = probe(host);

        assertThat(c.container().status()).isEqualTo(Status.ABSENT);
        assertThat(c.container().evidence()).extracting(Evidence::where)
                .containsExactly("/proc/1/cgroup", "/proc/self/cgroup", "/.dockerenv", "/run/.containerenv");
        assertThat(c.summarize().get(0).headline()).isEqualTo("not in a container");
    }

    @Test
    void wsl2FromTheBanner() {
        FakeHost host = new FakeHost(root).file("/proc/version", ContainerParsersTest.WSL2);

        ContainerFacts c = probe(host);

        assertThat(c.wsl().value().version()).isEqualTo(2);
        assertThat(c.wsl().value().wslLibDirectory()).isFalse();
        assertThat(c.wsl().evidence()).extracting(Evidence::where).contains("/proc/version", "/usr/lib/wsl/lib");
    }

    @Test
    void wsl2WithItsGpuLibraryDirectory() {
        FakeHost host = new FakeHost(root).file("/proc/version", ContainerParsersTest.WSL2).dir("/usr/lib/wsl/lib");

        assertThat(probe(host).wsl().value().wslLibDirectory()).isTrue();
    }

    @Test
    void wsl1HasNoGpu() {
        FakeHost host = new FakeHost(root).file("/proc/version", ContainerParsersTest.WSL1);

        ContainerFacts c = probe(host);

        assertThat(c.wsl().value().version()).isEqualTo(1);
        assertThat(c.summarize().get(0).headline()).contains("WSL1");
    }

    @Test
    void aGarbledRequirementIsAFailedFactAndTheRestStands() {
        FakeHost host = h200().env("NVIDIA_REQUIRE_CUDA", "cuda>=13.0 brand=tesla,driver>=5x5");

        ContainerFacts c = probe(host);

        assertThat(c.requireCuda().status()).isEqualTo(Status.FAILED);
        assertThat(c.requireCuda().why()).contains("\"driver>=5x5\"");
        assertThat(c.requireCuda().evidence()).containsExactly(Evidence.environment("NVIDIA_REQUIRE_CUDA"));
        assertThat(c.container().value()).isEqualTo("docker");
        assertThat(c.summarize()).hasSize(1);
    }
}
