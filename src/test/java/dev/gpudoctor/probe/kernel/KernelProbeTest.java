package dev.gpudoctor.probe.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.AreaLine;
import dev.gpudoctor.fact.section.KernelFacts;
import dev.gpudoctor.fact.section.KernelFacts.DeviceNode;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.CapturedSamples;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.PatchedHost;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelProbeTest {

    static final String UBUNTU_BLACKLIST = "blacklist nouveau\noptions nouveau modeset=0\n";

    @TempDir
    Path root;

    private static KernelFacts probe(Host host) {
        return new KernelProbe().probe(new ProbeContext(host));
    }

    private PatchedHost h200() {
        FakeHost base = CapturedSamples.copyTree("samples/h200/rootfs", new FakeHost(root));
        return new PatchedHost(base).devListing(CapturedSamples.text("samples/h200/commands/dev-listing.txt"));
    }

    @Test
    void theH200ContainersModuleModulesNodesAndGpu() {
        KernelFacts k = probe(h200());

        assertThat(k.module().value().version()).isEqualTo(Version.of("580.159.04"));
        assertThat(k.module().value().open()).isTrue();
        assertThat(k.module().evidence()).extracting(Evidence::where).containsExactly("/proc/driver/nvidia/version");
        assertThat(k.moduleVersions().get("nvidia").value()).isEqualTo(Version.of("580.159.04"));
        assertThat(k.moduleVersions().get("nvidia_uvm").value()).isEqualTo(Version.of("580.159.04"));
        assertThat(k.moduleVersions().get("nvidia_drm").why()).isEqualTo("nvidia_drm not loaded");
        assertThat(k.moduleVersions().keySet()).containsExactly("nvidia", "nvidia_uvm", "nvidia_drm", "nvidia_modeset", "nouveau");
        assertThat(k.loadedModules().value()).containsExactly("nvidia_uvm", "nvidia");
        assertThat(k.deviceNodes().value()).containsExactly(
                new DeviceNode("/dev/nvidia-caps/nvidia-cap1", "cr--------", 241, 1),
                new DeviceNode("/dev/nvidia-caps/nvidia-cap2", "cr--r--r--", 241, 2),
                new DeviceNode("/dev/nvidia-uvm", "crw-rw-rw-", 238, 0),
                new DeviceNode("/dev/nvidia-uvm-tools", "crw-rw-rw-", 238, 1),
                new DeviceNode("/dev/nvidia0", "crw-rw-rw-", 195, 0),
                new DeviceNode("/dev/nvidiactl", "crw-rw-rw-", 195, 255));
        assertThat(k.procGpus().value()).singleElement().satisfies(g -> {
            assertThat(g.model()).isEqualTo("NVIDIA H200");
            assertThat(g.busLocation()).isEqualTo("0000:00:06.0");
        });
        // The container sees no modprobe.d and no EFI: an empty answer and an absent one.
        assertThat(k.nouveauBlacklistFiles().value()).isEmpty();
        assertThat(k.secureBoot().why()).startsWith("not an EFI system");
        assertThat(k.summarize().get(0).headline()).isEqualTo("nvidia 580.159.04 (open kernel module)");
    }

    @Test
    void theDevelopmentMachineHasNoDriverAtAll() {
        FakeHost host = CapturedSamples.copyTree("samples/devhost/rootfs", new FakeHost(root)).file("/dev/null", "");

        KernelFacts k = probe(host);

        assertThat(k.module().status()).isEqualTo(Status.ABSENT);
        assertThat(k.module().why()).isEqualTo("no /proc/driver/nvidia/version");
        assertThat(k.loadedModules().why()).startsWith("no /proc/modules");
        assertThat(k.deviceNodes().value()).isEmpty();
        assertThat(k.procGpus().status()).isEqualTo(Status.ABSENT);
        assertThat(k.moduleVersions().values()).allMatch(v -> v.status() == Status.ABSENT);
        // Its /lib/modprobe.d/systemd.conf is read and does not blacklist nouveau.
        assertThat(k.nouveauBlacklistFiles().value()).isEmpty();
        assertThat(k.nouveauBlacklistFiles().evidence()).extracting(Evidence::where).contains("/lib/modprobe.d");
        assertThat(k.summarize().get(0).health()).isEqualTo(AreaLine.Health.INFO);
        assertThat(k.summarize().get(0).headline())
                .isEqualTo("NVIDIA kernel module not loaded (no /proc/driver/nvidia/version)");
    }

    @Test
    void nouveauLoadedWithNoVersionFileIsAProblem() {
        FakeHost host = new FakeHost(root)
                .file("/proc/modules", "nouveau 2875392 3 - Live 0x0000000000000000\n"
                        + "video 77824 1 nouveau, Live 0x0000000000000000\n")
                .file("/sys/module/nouveau/refcnt", "3\n");

        KernelFacts k = probe(host);

        assertThat(k.isLoaded("nouveau")).isTrue();
        assertThat(k.moduleVersions().get("nouveau").why()).isEqualTo("nouveau is loaded but has no version file");
        assertThat(k.summarize().get(0).health()).isEqualTo(AreaLine.Health.PROBLEM);
    }

    @Test
    void missingNvidiaUvmNodeWhileTheUvmModuleIsNotLoaded() {
        // CUDA fails with "no CUDA-capable device" here although nvidia-smi works.
        FakeHost base = new FakeHost(root)
                .file("/proc/driver/nvidia/version", CapturedSamples.text("samples/h200/rootfs/proc/driver/nvidia/version"))
                .file("/proc/modules", "nvidia 14299136 - - Live 0xffffffffc0400000 (O)\n");
        PatchedHost host = new PatchedHost(base).devListing(
                "crw-rw-rw- 1 root root 195,   0 Nov 26 03:44 /dev/nvidia0\n"
                        + "crw-rw-rw- 1 root root 195, 255 Nov 26 03:44 /dev/nvidiactl\n");

        KernelFacts k = probe(host);

        assertThat(k.isLoaded("nvidia")).isTrue();
        assertThat(k.isLoaded("nvidia_uvm")).isFalse();
        assertThat(k.hasNode("/dev/nvidiactl")).isTrue();
        assertThat(k.hasNode("/dev/nvidia-uvm")).isFalse();
    }

    @Test
    void blacklistFilesInEveryModprobeDirectoryAndTheCommandLine() {
        FakeHost host = new FakeHost(root)
                .file("/lib/modprobe.d/blacklist-nvidia-nouveau.conf", UBUNTU_BLACKLIST)
                .file("/run/modprobe.d/nouveau-off.conf", "options nouveau modeset=0\n")
                .file("/etc/modprobe.d/nouveau.txt", UBUNTU_BLACKLIST)
                .file("/proc/cmdline", "BOOT_IMAGE=/vmlinuz ro quiet modprobe.blacklist=nouveau\n");

        KernelFacts k = probe(host);

        // nouveau.txt is not read: kmod reads only *.conf.
        assertThat(k.nouveauBlacklistFiles().value()).containsExactly(
                "/run/modprobe.d/nouveau-off.conf", "/lib/modprobe.d/blacklist-nvidia-nouveau.conf", "/proc/cmdline");
    }

    @Test
    void aFileInEtcHidesTheSameNameInLib() {
        // Overriding a packaged blacklist with an edited copy of the same name undoes it.
        FakeHost host = new FakeHost(root)
                .file("/lib/modprobe.d/blacklist-nvidia-nouveau.conf", UBUNTU_BLACKLIST)
                .file("/etc/modprobe.d/blacklist-nvidia-nouveau.conf", "# blacklist nouveau\n");

        assertThat(probe(host).nouveauBlacklistFiles().value()).isEmpty();
    }

    @Test
    void secureBootOnAnEfiHost() throws Exception {
        FakeHost host = new FakeHost(root);
        Path var = root.resolve(KernelProbe.SECURE_BOOT.substring(1));
        Files.createDirectories(var.getParent());
        Files.write(var, new byte[] {6, 0, 0, 0, 1});

        KernelFacts k = probe(host);

        assertThat(k.secureBoot().value()).isTrue();
        assertThat(k.secureBoot().evidence()).extracting(Evidence::where).containsExactly(KernelProbe.SECURE_BOOT);
    }

    @Test
    void anEfiHostWithoutTheVariable() {
        KernelFacts k = probe(new FakeHost(root).dir("/sys/firmware/efi"));

        assertThat(k.secureBoot().status()).isEqualTo(Status.ABSENT);
        assertThat(k.secureBoot().why()).startsWith("EFI system without a SecureBoot variable");
    }

    @Test
    void unreadableFilesAreFailedFactsNotCrashes() {
        // Tests run as root, which reads a chmod 000 file anyway: a directory in place of the version
        // file exercises the real RootedFiles failure, the patched host the "permission denied" one.
        FakeHost base = new FakeHost(root).dir("/proc/driver/nvidia/version").file("/proc/modules", "");
        PatchedHost host = new PatchedHost(base).deny("/proc/modules").deny("/etc/modprobe.d");

        KernelFacts k = probe(host);

        assertThat(k.module().status()).isEqualTo(Status.FAILED);
        assertThat(k.module().why()).isEqualTo("is a directory");
        assertThat(k.loadedModules().status()).isEqualTo(Status.FAILED);
        assertThat(k.loadedModules().why()).isEqualTo("permission denied");
        assertThat(k.nouveauBlacklistFiles().why()).isEqualTo("cannot list /etc/modprobe.d: permission denied");
        assertThat(k.summarize().get(0).health()).isEqualTo(AreaLine.Health.WARNING);
        assertThat(k.summarize().get(0).headline()).isEqualTo("NVIDIA kernel module state unknown (is a directory)");
    }
}
