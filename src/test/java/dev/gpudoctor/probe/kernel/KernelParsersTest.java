package dev.gpudoctor.probe.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.KernelFacts.NvidiaModule;
import dev.gpudoctor.fact.section.KernelFacts.ProcGpu;
import dev.gpudoctor.testing.CapturedSamples;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KernelParsersTest {

    static final String BINARY = new String(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 0, (byte) 0xff, '\n', ':', 1},
            StandardCharsets.UTF_8);
    static final String H200 = "samples/h200/rootfs";

    @Test
    void theH200RunsTheOpenKernelModule580() {
        String text = CapturedSamples.text(H200 + "/proc/driver/nvidia/version");

        Fact<NvidiaModule> f = NvidiaVersionParser.parse(text);

        assertThat(f.value().version()).isEqualTo(Version.of("580.159.04"));
        assertThat(f.value().version().toString()).isEqualTo("580.159.04");
        assertThat(f.value().open()).isTrue();
        assertThat(f.value().banner()).contains("GCC version:  gcc version 15.3.0");
    }

    @Test
    void theProprietaryBannerOfDriver535() {
        String text = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n"
                + "GCC version:  gcc version 11.4.0 (Ubuntu 11.4.0-1ubuntu1~22.04)\n";

        Fact<NvidiaModule> f = NvidiaVersionParser.parse(text);

        assertThat(f.value().version()).isEqualTo(Version.of("535.104.05"));
        assertThat(f.value().open()).isFalse();
    }

    @Test
    void aarch64BannersOfBothFlavours() {
        Fact<NvidiaModule> open = NvidiaVersionParser.parse(
                "NVRM version: NVIDIA UNIX Open Kernel Module for aarch64  570.124.06  Release Build  (dvs-builder@U16-I1-N08-05-2)  Wed Feb 26 01:42:21 UTC 2025\n");
        Fact<NvidiaModule> proprietary = NvidiaVersionParser.parse(
                "NVRM version: NVIDIA UNIX aarch64 Kernel Module  550.54.15  Tue Mar  5 22:17:48 UTC 2024\n");

        assertThat(open.value().version()).isEqualTo(Version.of("570.124.06"));
        assertThat(open.value().open()).isTrue();
        assertThat(proprietary.value().version()).isEqualTo(Version.of("550.54.15"));
        assertThat(proprietary.value().open()).isFalse();
    }

    @Test
    void aVersionFileCutBeforeTheVersionFails() {
        String text = CapturedSamples.text(H200 + "/proc/driver/nvidia/version");
        String cut = text.substring(0, text.indexOf("580"));

        assertThat(NvidiaVersionParser.parse(cut).status()).isEqualTo(Status.FAILED);
        assertThat(NvidiaVersionParser.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(NvidiaVersionParser.parse(BINARY).why()).isEqualTo("no \"NVRM version:\" line");
    }

    @Test
    void sysModuleVersionsOfTheH200() {
        assertThat(ModuleVersionParser.parse(CapturedSamples.text(H200 + "/sys/module/nvidia/version")).value())
                .isEqualTo(Version.of("580.159.04"));
        assertThat(ModuleVersionParser.parse(CapturedSamples.text(H200 + "/sys/module/nvidia_uvm/version")).value())
                .isEqualTo(Version.of("580.159.04"));
    }

    @Test
    void aSysModuleVersionThatIsNoVersionFails() {
        assertThat(ModuleVersionParser.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(ModuleVersionParser.parse("580.").status()).isEqualTo(Status.FAILED);
        assertThat(ModuleVersionParser.parse(BINARY).why()).startsWith("not a version");
    }

    @Test
    void procModulesOfTheH200KeepsNvidiaAndUvm() {
        Fact<java.util.List<String>> f = ProcModulesParser.parse(CapturedSamples.text(H200 + "/proc/modules"));

        assertThat(f.value()).containsExactly("nvidia_uvm", "nvidia");
    }

    @Test
    void procModulesWithNouveauAndOthers() {
        // Desktop shape: reference counts and users shown, addresses hidden from non-root.
        String text = "nouveau 2875392 3 - Live 0x0000000000000000\n"
                + "drm_ttm_helper 16384 1 nouveau, Live 0x0000000000000000\n"
                + "video 77824 1 nouveau, Live 0x0000000000000000\n";

        assertThat(ProcModulesParser.parse(text).value()).containsExactly("nouveau");
        assertThat(ProcModulesParser.parse("").value()).isEmpty();
    }

    @Test
    void procModulesThatIsNoModuleListFails() {
        String text = CapturedSamples.text(H200 + "/proc/modules");

        assertThat(ProcModulesParser.parse(text.substring(0, 15)).why()).startsWith("line 1 is not a /proc/modules entry");
        assertThat(ProcModulesParser.parse(BINARY).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void theH200sGpuInformation() {
        Fact<ProcGpu> f = GpuInformationParser.parse(
                CapturedSamples.text(H200 + "/proc/driver/nvidia/gpus/0000:00:06.0/information"));

        assertThat(f.value()).isEqualTo(new ProcGpu("0000:00:06.0", "NVIDIA H200",
                "GPU-09fe5b22-e673-3219-b750-0597bbf92e45", "96.00.a5.00.1a", 0, false));
    }

    @Test
    void gpuInformationTruncatedOrGarbledFails() {
        String text = CapturedSamples.text(H200 + "/proc/driver/nvidia/gpus/0000:00:06.0/information");

        assertThat(GpuInformationParser.parse(text.substring(0, 40)).status()).isEqualTo(Status.FAILED);
        assertThat(GpuInformationParser.parse(text.replace("Device Minor: \t 0", "Device Minor: \t ?")).why())
                .startsWith("Device Minor is not a number");
        assertThat(GpuInformationParser.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(GpuInformationParser.parse(BINARY).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void secureBootVariableBytes() {
        // Attributes 0x06 (boot service and runtime access), then the data byte.
        assertThat(SecureBootParser.parse(new byte[] {6, 0, 0, 0, 1}).value()).isTrue();
        assertThat(SecureBootParser.parse(new byte[] {6, 0, 0, 0, 0}).value()).isFalse();
        assertThat(SecureBootParser.parse(new byte[] {6, 0, 0, 0}).status()).isEqualTo(Status.FAILED);
        assertThat(SecureBootParser.parse(new byte[0]).status()).isEqualTo(Status.FAILED);
        assertThat(SecureBootParser.parse(new byte[] {6, 0, 0, 0, 7}).why()).contains("data byte is 7");
    }

    @Test
    void modprobeFilesThatKeepNouveauOff() {
        // Ubuntu's nvidia-kernel-common ships /lib/modprobe.d/blacklist-nvidia-nouveau.conf with these two lines.
        assertThat(ModprobeConfig.disablesNouveau("blacklist nouveau\noptions nouveau modeset=0\n")).isTrue();
        assertThat(ModprobeConfig.disablesNouveau("options nouveau modeset=0\n")).isTrue();
        assertThat(ModprobeConfig.disablesNouveau("install nouveau /bin/false\n")).isTrue();
        assertThat(ModprobeConfig.disablesNouveau("# blacklist nouveau\n")).isFalse();
        assertThat(ModprobeConfig.disablesNouveau("blacklist nouveaufb\noptions nouveau modeset=1\n")).isFalse();
        assertThat(ModprobeConfig.disablesNouveau(CapturedSamples.text("samples/devhost/rootfs/lib/modprobe.d/systemd.conf")))
                .isFalse();
        assertThat(ModprobeConfig.disablesNouveau(BINARY)).isFalse();
    }

    @Test
    void kernelCommandLinesThatKeepNouveauOff() {
        assertThat(ModprobeConfig.commandLineDisablesNouveau("quiet splash modprobe.blacklist=nouveau\n")).isTrue();
        assertThat(ModprobeConfig.commandLineDisablesNouveau("ro rd.driver.blacklist=nouveau nouveau.modeset=0")).isTrue();
        assertThat(ModprobeConfig.commandLineDisablesNouveau("modprobe.blacklist=radeon,nouveau quiet")).isTrue();
        assertThat(ModprobeConfig.commandLineDisablesNouveau("console=ttyS0 quiet nouveau.modeset=1")).isFalse();
    }

    /** Found by KernelParsersFuzzTest: 40 KB of dotted digits overflow the stack of a probe's thread. */
    @Test
    void aVersionFileOfThousandsOfComponentsIsFailedNotAStackOverflow() {
        String text = "159.0480".repeat(5_000);
        // On a thread of default stack size, as the probes run.
        Fact<Version> f = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ModuleVersionParser.parse(text));
        assertThat(f.status()).isEqualTo(Status.FAILED);
        assertThat(f.why()).startsWith("not a version: \"159.0480159").hasSizeLessThanOrEqualTo(60);
    }

    /** Found by KernelParsersFuzzTest: the banner was quoted whole, NULs and 20 KB lines included. */
    @Test
    void aBannerIsQuotedShortAndWithoutControlCharacters() {
        assertThat(NvidiaVersionParser.parse("NVRM version:\0").why()).isEqualTo("no kernel module version in \"NVRM version:?\"");
        assertThat(NvidiaVersionParser.parse("NVRM version: NVIDIA UNIX x86_64 Kernel Module " + "V".repeat(20_000)).why())
                .hasSizeLessThan(130);
    }

    /** Found by KernelParsersFuzzTest: every "Kernel Module" of a line was scanned to the line's end. */
    @Test
    void aLineOfConcatenatedBannersIsAnsweredInTime() {
        String banner = "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.183.\u00c0\u008001 \u00a0Sun May 12 19:39:15 UTC 2024"
                + "GCC version:  gcc version 11.4.0 (Ubuntu 11.4.0-1ubuntu1~22.04) ";
        String line = banner.repeat(5_000);
        Fact<NvidiaModule> f = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> NvidiaVersionParser.parse(line));
        assertThat(f.status()).isEqualTo(Status.FAILED);
    }

    /** Found by KernelParsersFuzzTest: C1 controls (U+0080-U+009F, where U+009B starts an escape sequence) were echoed. */
    @Test
    void c1ControlCharactersAreNotEchoed() {
        assertThat(ProcModulesParser.parse("\u0085\u009b2J").why()).isEqualTo("line 1 is not a /proc/modules entry: \"??2J\"");
    }
}
