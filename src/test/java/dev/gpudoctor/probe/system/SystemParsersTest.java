package dev.gpudoctor.probe.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.SystemFacts.CpuInfo;
import dev.gpudoctor.fact.section.SystemFacts.KernelInfo;
import dev.gpudoctor.fact.section.SystemFacts.OsRelease;
import dev.gpudoctor.testing.CapturedSamples;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SystemParsersTest {

    /** Bytes that are not text: what a file replaced by a binary or a torn read gives. */
    static final String BINARY = new String(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, (byte) 0xff, 0x00, '\n', 3},
            StandardCharsets.UTF_8);

    @Test
    void osReleaseOfTheH200ContainerIsUbuntu2404() {
        Fact<OsRelease> f = OsReleaseParser.parse(CapturedSamples.text("samples/h200/rootfs/etc/os-release"));

        assertThat(f.value()).isEqualTo(new OsRelease("ubuntu", "24.04", "Ubuntu 24.04.3 LTS", "debian"));
    }

    @Test
    void osReleaseOfTheDevelopmentMachineIsDebian12WithoutIdLike() {
        Fact<OsRelease> f = OsReleaseParser.parse(CapturedSamples.text("samples/devhost/rootfs/etc/os-release"));

        assertThat(f.value()).isEqualTo(new OsRelease("debian", "12", "Debian GNU/Linux 12 (bookworm)", null));
    }

    @Test
    void osReleaseKeysLeftOutTakeTheDefaultsOfTheSpecification() {
        // A minimal image (e.g. a scratch-based one) may ship only NAME.
        Fact<OsRelease> f = OsReleaseParser.parse("NAME='Tiny Linux'\n");

        assertThat(f.value()).isEqualTo(new OsRelease("linux", null, "Tiny Linux", null));
    }

    @Test
    void osReleaseCutInsideAQuoteFails() {
        String truncated = CapturedSamples.text("samples/h200/rootfs/etc/os-release").substring(0, 20);

        Fact<OsRelease> f = OsReleaseParser.parse(truncated);

        assertThat(f.status()).isEqualTo(Status.FAILED);
        assertThat(f.why()).contains("line 1").contains("unterminated quote");
    }

    @Test
    void osReleaseEmptyOrBinaryFails() {
        assertThat(OsReleaseParser.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(OsReleaseParser.parse(BINARY).why()).contains("not KEY=value");
    }

    @Test
    void kernelReleaseOfTheH200IsTheThirdWordOfTheBanner() {
        String text = CapturedSamples.text("samples/h200/rootfs/proc/version");

        Fact<KernelInfo> f = ProcVersionParser.parse(text);

        assertThat(f.value().release()).isEqualTo("6.18.44-fc-v657-gpu");
        assertThat(f.value().banner()).isEqualTo(text.strip());
    }

    @Test
    void kernelReleaseOfTheDevelopmentMachine() {
        Fact<KernelInfo> f = ProcVersionParser.parse(CapturedSamples.text("samples/devhost/rootfs/proc/version"));

        assertThat(f.value().release()).isEqualTo("6.18.44-fc-v782");
    }

    @Test
    void procVersionThatIsNoBannerFails() {
        assertThat(ProcVersionParser.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(ProcVersionParser.parse("Linux vers").status()).isEqualTo(Status.FAILED);
        assertThat(ProcVersionParser.parse(BINARY).why()).startsWith("not a Linux version banner");
    }

    @Test
    void cpuinfoOfTheDevelopmentMachineHasTwoEpycCpus() {
        Fact<CpuInfo> f = CpuInfoParser.parse(CapturedSamples.text("samples/devhost/rootfs/proc/cpuinfo"));

        assertThat(f.value()).isEqualTo(new CpuInfo("AMD EPYC", 2));
    }

    @Test
    void cpuinfoOfAnArm64KernelNamesNoModel() {
        // The shape of an arm64 /proc/cpuinfo (Grace): stanzas of numbers, no "model name".
        String arm = "processor\t: 0\nBogoMIPS\t: 2000.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd4f\n\n"
                + "processor\t: 1\nBogoMIPS\t: 2000.00\nCPU implementer\t: 0x41\nCPU part\t: 0xd4f\n";

        assertThat(CpuInfoParser.parse(arm).value()).isEqualTo(new CpuInfo(null, 2));
    }

    @Test
    void cpuinfoWithoutProcessorEntriesFails() {
        assertThat(CpuInfoParser.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(CpuInfoParser.parse(BINARY).status()).isEqualTo(Status.FAILED);
        assertThat(CpuInfoParser.parse("model name\t: AMD EPYC\n").why()).contains("no processor entry");
    }

    @Test
    void memTotalOfTheDevelopmentMachineIsInBytes() {
        Fact<Long> f = MemInfoParser.parse(CapturedSamples.text("samples/devhost/rootfs/proc/meminfo"));

        assertThat(f.value()).isEqualTo(24_683_620L * 1024);
    }

    @Test
    void meminfoCutBeforeTheUnitFails() {
        String truncated = CapturedSamples.text("samples/devhost/rootfs/proc/meminfo").substring(0, 20);

        assertThat(MemInfoParser.parse(truncated).status()).isEqualTo(Status.FAILED);
        assertThat(MemInfoParser.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(MemInfoParser.parse(BINARY).status()).isEqualTo(Status.FAILED);
    }

    /** Found by SystemParsersFuzzTest: C1 controls were not among the replaced characters. */
    @Test
    void aBannerOfC1ControlCharactersIsQuotedWithoutThem() {
        assertThat(ProcVersionParser.parse("\u0084").why()).isEqualTo("not a Linux version banner: ?");
    }
}
