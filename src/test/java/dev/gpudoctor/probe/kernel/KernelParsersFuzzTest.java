package dev.gpudoctor.probe.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken kernel files never crash the kernel probe's parsers: every input, mutated
 * from the real files of the fixture hosts or random, gives a found or failed fact within the time
 * bound.
 */
class KernelParsersFuzzTest {

    @Test
    void procDriverNvidiaVersion() {
        var s = Fuzz.run("NvidiaVersionParser", new Mutator(Seeds.fixtures("rootfs/proc/driver/nvidia/version")),
                in -> Fuzz.outcome(NvidiaVersionParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).as("mutations that keep the banner readable").isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void sysModuleVersion() {
        var s = Fuzz.run("ModuleVersionParser", new Mutator(Seeds.fixtures("rootfs/sys/module/*/version")),
                in -> Fuzz.outcome(ModuleVersionParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void procDriverNvidiaGpuInformation() {
        var s = Fuzz.run("GpuInformationParser",
                new Mutator(Seeds.fixtures("rootfs/proc/driver/nvidia/gpus/*/information")),
                in -> Fuzz.outcome(GpuInformationParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void procModules() {
        var s = Fuzz.run("ProcModulesParser", new Mutator(Seeds.fixtures("rootfs/proc/modules")),
                in -> Fuzz.outcome(ProcModulesParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    /** The EFI variable is read as bytes, not text. */
    @Test
    void secureBootVariable() {
        var s = Fuzz.run("SecureBootParser",
                new Mutator(Seeds.fixtures("rootfs/sys/firmware/efi/efivars/SecureBoot-*")),
                in -> Fuzz.outcome(SecureBootParser.parse(in)));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    /** modprobe.d files and the kernel command line: a yes or a no, whatever the text. */
    @Test
    void modprobeConfigAndCommandLine() {
        var seeds = Seeds.all(Seeds.fixtures("rootfs/etc/modprobe.d/*.conf"),
                Seeds.samples("devhost/rootfs/lib/modprobe.d/*.conf"),
                // /proc/cmdline as KernelProbeTest writes it: no capture kept one.
                Seeds.texts("BOOT_IMAGE=/vmlinuz ro quiet modprobe.blacklist=nouveau\n",
                        "BOOT_IMAGE=/boot/vmlinuz-6.8.0 root=UUID=0f3c ro rd.driver.blacklist=nouveau nouveau.modeset=0\n"));
        var s = Fuzz.run("ModprobeConfig", new Mutator(seeds), in -> {
            String text = Fuzz.text(in);
            return ModprobeConfig.disablesNouveau(text) + "/" + ModprobeConfig.commandLineDisablesNouveau(text);
        });
        assertThat(s.outcomes()).hasSizeGreaterThan(1);
    }
}
