package dev.gpudoctor.probe.pci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.testing.CapturedSamples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PciParsersTest {

    static final String BINARY = new String(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 0, (byte) 0xff, '\n', '\t', 1},
            StandardCharsets.UTF_8);

    private static PciIds debian2023() {
        return PciIds.parse(CapturedSamples.text("samples/pci-ids/pci.ids")).value();
    }

    @Test
    void debiansPciIdsNamesTheH100AndKeepsItsDatabaseVersion() {
        PciIds ids = debian2023();

        assertThat(ids.version()).isEqualTo("2023.04.10");
        assertThat(ids.name("0x2330")).contains("GH100[H100 SXM5 80GB]");
        assertThat(ids.name("0x20B0")).contains("GA100 [A100 SXM4 40GB]");
    }

    @Test
    void debiansPciIdsOfApril2023DoesNotKnowTheH200() {
        assertThat(debian2023().name("0x2335")).isEmpty();
    }

    @Test
    void subsystemLinesAreNotTakenForDevices() {
        // "\t\t1043 0200  V3400 TNT" is an ASUS board of device 0020; there is no NVIDIA device 1043.
        assertThat(debian2023().name("0x1043")).isEmpty();
        assertThat(debian2023().nvidiaDevices()).hasSizeGreaterThan(1000);
    }

    @Test
    void aPciIdsWithoutTheNvidiaBlockFails() {
        assertThat(PciIds.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(PciIds.parse(BINARY).why()).contains("no NVIDIA (10de) vendor block");
        String cutInTheHeader = CapturedSamples.text("samples/pci-ids/pci.ids").substring(0, 60);
        assertThat(PciIds.parse(cutInTheHeader).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void aPciIdsCutInsideTheNvidiaBlockKnowsOnlyTheDevicesBeforeTheCut() {
        String text = CapturedSamples.text("samples/pci-ids/pci.ids");
        String cut = text.substring(0, text.indexOf("\t2330  "));

        PciIds ids = PciIds.parse(cut).value();

        assertThat(ids.name("0x20b0")).isPresent();
        assertThat(ids.name("0x2330")).isEmpty();
    }

    @Test
    void sysfsIdsAsTheDevelopmentMachinesKernelWritesThem() {
        Fact<String> vendor = SysfsId.parse(CapturedSamples.text("samples/devhost/rootfs/sys/bus/pci/devices/0000:00:01.0/vendor"));
        Fact<String> cls = SysfsId.parse(CapturedSamples.text("samples/devhost/rootfs/sys/bus/pci/devices/0000:00:00.0/class"));

        assertThat(vendor.value()).isEqualTo("0x1af4");
        assertThat(cls.value()).isEqualTo("0x060000");
    }

    @Test
    void aSysfsIdThatIsNotHexFails() {
        assertThat(SysfsId.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(SysfsId.parse("0x").status()).isEqualTo(Status.FAILED);
        assertThat(SysfsId.parse(BINARY).why()).startsWith("not a sysfs hex id");
    }

    /** Found by PciParsersFuzzTest: C1 controls were not among the replaced characters. */
    @Test
    void anIdOfC1ControlCharactersIsQuotedWithoutThem() {
        assertThat(SysfsId.parse("\u0082").why()).isEqualTo("not a sysfs hex id: \"?\"");
    }
}
