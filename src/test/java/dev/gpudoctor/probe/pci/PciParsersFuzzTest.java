package dev.gpudoctor.probe.pci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import org.junit.jupiter.api.Test;

/** Hostile and broken pci.ids databases and sysfs attributes never crash their parsers. */
class PciParsersFuzzTest {

    @Test
    void pciIds() {
        var s = Fuzz.run("PciIds", new Mutator(Seeds.all(Seeds.samples("pci-ids/pci.ids"),
                Seeds.fixtures("rootfs/usr/share/misc/pci.ids"))), in -> {
            var f = PciIds.parse(Fuzz.text(in));
            if (f.isFound()) {
                f.value().name("0x2335");
                f.value().name("0x2330");
            }
            return Fuzz.outcome(f);
        });
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void sysfsIds() {
        var seeds = Seeds.all(Seeds.fixtures("rootfs/sys/devices/**/{vendor,device,class,subsystem_vendor,subsystem_device}"),
                Seeds.samples("devhost/rootfs/sys/bus/pci/devices/*/*"));
        var s = Fuzz.run("SysfsId", new Mutator(seeds), in -> Fuzz.outcome(SysfsId.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }
}
