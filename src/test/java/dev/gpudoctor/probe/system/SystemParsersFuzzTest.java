package dev.gpudoctor.probe.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import org.junit.jupiter.api.Test;

/** Hostile and broken os-release, cpuinfo, meminfo and /proc/version never crash their parsers. */
class SystemParsersFuzzTest {

    @Test
    void osRelease() {
        var seeds = Seeds.all(Seeds.fixtures("rootfs/etc/os-release"), Seeds.samples("os-release/*"),
                Seeds.samples("devhost/rootfs/etc/os-release"));
        var s = Fuzz.run("OsReleaseParser", new Mutator(seeds), in -> Fuzz.outcome(OsReleaseParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void cpuinfo() {
        var s = Fuzz.run("CpuInfoParser", new Mutator(Seeds.samples("devhost/rootfs/proc/cpuinfo")),
                in -> Fuzz.outcome(CpuInfoParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void meminfo() {
        var s = Fuzz.run("MemInfoParser", new Mutator(Seeds.samples("devhost/rootfs/proc/meminfo")),
                in -> Fuzz.outcome(MemInfoParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void procVersion() {
        var seeds = Seeds.all(Seeds.fixtures("rootfs/proc/version"), Seeds.samples("devhost/rootfs/proc/version"));
        var s = Fuzz.run("ProcVersionParser", new Mutator(seeds), in -> Fuzz.outcome(ProcVersionParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }
}
