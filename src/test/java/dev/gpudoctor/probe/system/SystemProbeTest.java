package dev.gpudoctor.probe.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.SystemFacts;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.CapturedSamples;
import dev.gpudoctor.testing.FakeHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemProbeTest {

    @TempDir
    Path root;

    private SystemFacts probe(FakeHost host) {
        return new SystemProbe().probe(new ProbeContext(host));
    }

    @Test
    void theH200ContainerReadsUbuntuAndItsKernelWithEvidence() {
        FakeHost host = CapturedSamples.copyTree("samples/h200/rootfs", new FakeHost(root));

        SystemFacts s = probe(host);

        assertThat(s.os().value().prettyName()).isEqualTo("Ubuntu 24.04.3 LTS");
        assertThat(s.os().evidence()).extracting(Evidence::where).containsExactly("/etc/os-release");
        assertThat(s.kernel().value().release()).isEqualTo("6.18.44-fc-v657-gpu");
        assertThat(s.kernel().evidence()).extracting(Evidence::where).containsExactly("/proc/version");
        // The capture kept no cpuinfo or meminfo: absent, not zero.
        assertThat(s.cpu().status()).isEqualTo(Status.ABSENT);
        assertThat(s.memoryBytes().status()).isEqualTo(Status.ABSENT);
    }

    @Test
    void theDevelopmentMachineWithItsEtcOsReleaseLinkedIntoUsrLib() {
        // Debian ships /etc/os-release as a link to ../usr/lib/os-release, as on this machine.
        FakeHost host = CapturedSamples.copyTree("samples/devhost/rootfs", new FakeHost(root));
        host.file("/usr/lib/os-release", CapturedSamples.text("samples/devhost/rootfs/etc/os-release"));
        root.resolve("etc/os-release").toFile().delete();
        host.link("/etc/os-release", "../usr/lib/os-release");

        SystemFacts s = probe(host);

        assertThat(s.os().value().id()).isEqualTo("debian");
        assertThat(s.cpu().value().logicalCpus()).isEqualTo(2);
        assertThat(s.memoryBytes().value()).isEqualTo(24_683_620L * 1024);
        assertThat(s.summarize().get(0).headline()).isEqualTo("Debian GNU/Linux 12 (bookworm), kernel 6.18.44-fc-v782");
    }

    @Test
    void withoutEtcOsReleaseTheUsrLibCopyIsRead() {
        FakeHost host = new FakeHost(root)
                .file("/usr/lib/os-release", CapturedSamples.text("samples/h200/rootfs/etc/os-release"));

        SystemFacts s = probe(host);

        assertThat(s.os().value().id()).isEqualTo("ubuntu");
        assertThat(s.os().evidence()).extracting(Evidence::where).containsExactly("/usr/lib/os-release");
    }

    @Test
    void withNeitherOsReleaseTheFactIsAbsentAndNamesBoth() {
        SystemFacts s = probe(new FakeHost(root).dir("/etc"));

        assertThat(s.os().status()).isEqualTo(Status.ABSENT);
        assertThat(s.os().evidence()).extracting(Evidence::where)
                .containsExactly("/etc/os-release", "/usr/lib/os-release");
    }

    @Test
    void anUnreadableProcVersionIsAFailedFactNotACrash() {
        // Root reads a chmod 000 file anyway, so a directory in its place stands for "cannot be read".
        FakeHost host = new FakeHost(root).dir("/proc/version");

        SystemFacts s = probe(host);

        assertThat(s.kernel().status()).isEqualTo(Status.FAILED);
        assertThat(s.kernel().why()).isEqualTo("is a directory");
    }
}
