package dev.gpudoctor.probe.pci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.AreaLine;
import dev.gpudoctor.fact.section.PciFacts;
import dev.gpudoctor.fact.section.PciFacts.PciDevice;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.CapturedSamples;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.PatchedHost;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PciProbeTest {

    static final String H200 = "0000:00:06.0";

    @TempDir
    Path root;

    private static PciFacts probe(Host host) {
        return new PciProbe().probe(new ProbeContext(host));
    }

    /**
     * One NVIDIA device in sysfs the way the kernel lays it out: a link in /sys/bus/pci/devices to
     * the device directory, whose "driver" link (when bound) points into /sys/bus/pci/drivers.
     */
    private FakeHost nvidiaDevice(FakeHost host, String address, String device, String cls, String subsystem,
                                  String driver) {
        String dir = "/sys/devices/pci0000:00/" + address;
        host.file(dir + "/vendor", "0x10de\n")
                .file(dir + "/device", device + "\n")
                .file(dir + "/class", cls + "\n")
                .file(dir + "/subsystem_vendor", "0x10de\n")
                .file(dir + "/subsystem_device", subsystem + "\n")
                .link("/sys/bus/pci/devices/" + address, "../../../devices/pci0000:00/" + address);
        if (driver != null) {
            host.link(dir + "/driver", "../../../bus/pci/drivers/" + driver);
        }
        return host;
    }

    private FakeHost withPciIds(FakeHost host) {
        return host.file("/usr/share/misc/pci.ids", CapturedSamples.text("samples/pci-ids/pci.ids"));
    }

    @Test
    void theH200BoundToNvidia() {
        // sysfs was not captured on the H200: ids are those nvidia-smi -q -x reported there
        // (device 0x2335, subsystem 10de:18bf); a datacenter GPU is a 3D controller (0x030200).
        FakeHost host = withPciIds(nvidiaDevice(new FakeHost(root), H200, "0x2335", "0x030200", "0x18bf", "nvidia"));

        PciFacts pci = probe(host);

        assertThat(pci.gpus()).hasSize(1);
        PciDevice g = pci.gpus().get(0);
        assertThat(g.address()).isEqualTo(H200);
        assertThat(g.deviceId()).isEqualTo("0x2335");
        assertThat(g.subsystemVendorId()).isEqualTo("0x10de");
        assertThat(g.subsystemDeviceId()).isEqualTo("0x18bf");
        assertThat(g.driver().value()).isEqualTo("nvidia");
        // Debian 12's pci.ids predates the H200: the name is absent with the database version, not guessed.
        assertThat(g.name().status()).isEqualTo(Status.ABSENT);
        assertThat(g.name().why()).isEqualTo("pci.ids 2023.04.10 does not list 10de:2335");
        assertThat(pci.nvidiaDevices().evidence()).extracting(Evidence::where)
                .contains("/sys/bus/pci/devices", "/sys/bus/pci/devices/" + H200 + "/device");
        assertThat(pci.summarize().get(0).health()).isEqualTo(AreaLine.Health.OK);
    }

    @Test
    void anH100IsNamedFromPciIdsInHwdata() {
        FakeHost host = nvidiaDevice(new FakeHost(root), "0000:1b:00.0", "0x2330", "0x030200", "0x16c1", "nvidia")
                .file("/usr/share/hwdata/pci.ids", CapturedSamples.text("samples/pci-ids/pci.ids"));

        PciDevice g = probe(host).gpus().get(0);

        assertThat(g.name().value()).isEqualTo("GH100[H100 SXM5 80GB]");
        assertThat(g.name().evidence()).extracting(Evidence::where).contains("/usr/share/hwdata/pci.ids");
    }

    @Test
    void theDevelopmentMachineHasAPciBusWithoutNvidia() {
        FakeHost host = CapturedSamples.copyTree("samples/devhost/rootfs", new FakeHost(root));
        host.link("/sys/bus/pci/devices/0000:00:01.0/driver", "../../../bus/pci/drivers/virtio-pci");

        PciFacts pci = probe(host);

        assertThat(pci.nvidiaDevices().status()).isEqualTo(Status.FOUND);
        assertThat(pci.nvidiaDevices().value()).isEmpty();
        assertThat(pci.summarize().get(0).headline()).isEqualTo("no NVIDIA GPU on the PCI bus");
    }

    @Test
    void aGpuOnTheBusWithNoDriverBound() {
        FakeHost host = nvidiaDevice(new FakeHost(root), H200, "0x2335", "0x030200", "0x18bf", null);

        PciDevice g = probe(host).gpus().get(0);

        assertThat(g.driver().status()).isEqualTo(Status.ABSENT);
        assertThat(g.driver().why()).isEqualTo("no driver bound");
        // No pci.ids on this host at all: the name says so.
        assertThat(g.name().why()).startsWith("no pci.ids on this host");
    }

    @Test
    void aGpuTakenByNouveau() {
        FakeHost host = nvidiaDevice(new FakeHost(root), "0000:01:00.0", "0x1db4", "0x030000", "0x1212", "nouveau");

        assertThat(probe(host).gpus().get(0).driver().value()).isEqualTo("nouveau");
    }

    @Test
    void aGpuHandedToVfioForAVirtualMachine() {
        FakeHost host = nvidiaDevice(new FakeHost(root), "0000:01:00.0", "0x2330", "0x030200", "0x16c1", "vfio-pci");

        assertThat(probe(host).gpus().get(0).driver().value()).isEqualTo("vfio-pci");
    }

    @Test
    void theGpusAudioFunctionIsAnNvidiaDeviceButNotAGpu() {
        FakeHost host = nvidiaDevice(new FakeHost(root), "0000:01:00.1", "0x10f0", "0x040300", "0x1212", "snd_hda_intel");

        PciFacts pci = probe(host);

        assertThat(pci.nvidiaDevices().value()).hasSize(1);
        assertThat(pci.gpus()).isEmpty();
    }

    @Test
    void aContainerWithoutSysfsHasNoPciFact() {
        PciFacts pci = probe(new FakeHost(root).dir("/sys"));

        assertThat(pci.nvidiaDevices().status()).isEqualTo(Status.ABSENT);
        assertThat(pci.nvidiaDevices().why()).contains("containers and chroots often hide sysfs");
        assertThat(pci.summarize().get(0).headline()).isEqualTo("PCI bus not readable here");
    }

    @Test
    void aPciListingDeniedIsAFailedFact() {
        // Root cannot be denied in a temporary directory: the patched host answers as the kernel would.
        PatchedHost host = new PatchedHost(new FakeHost(root).dir("/sys/bus/pci/devices")).deny("/sys/bus/pci/devices");

        PciFacts pci = probe(host);

        assertThat(pci.nvidiaDevices().status()).isEqualTo(Status.FAILED);
        assertThat(pci.nvidiaDevices().why()).isEqualTo("cannot list /sys/bus/pci/devices: permission denied");
    }

    @Test
    void anNvidiaDeviceWithAGarbledClassFailsAndNamesTheDevice() {
        FakeHost host = nvidiaDevice(new FakeHost(root), H200, "0x2335", "0x030200", "0x18bf", "nvidia")
                .file("/sys/devices/pci0000:00/" + H200 + "/class", "\u0000\u0000");

        PciFacts pci = probe(host);

        assertThat(pci.nvidiaDevices().status()).isEqualTo(Status.FAILED);
        assertThat(pci.nvidiaDevices().why()).startsWith(H200 + ": cannot read class: not a sysfs hex id");
    }
}
