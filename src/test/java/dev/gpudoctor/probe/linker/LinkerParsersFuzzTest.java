package dev.gpudoctor.probe.linker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import org.junit.jupiter.api.Test;

/** Hostile and broken linker caches, ldconfig output and process maps never crash their parsers. */
class LinkerParsersFuzzTest {

    /** The binary cache of the development machine (glibc 2.36), mutated as bytes. */
    @Test
    void ldSoCache() {
        var s = Fuzz.run("LdCache.parse", new Mutator(Seeds.samples("devhost/ld.so.cache")),
                in -> Fuzz.outcome(LdCache.parse(in)));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void ldconfigOutput() {
        var seeds = Seeds.all(Seeds.fixtures("commands/ldconfig-p.txt"), Seeds.samples("devhost/ldconfig-p.txt"));
        var s = Fuzz.run("LdCache.parseLdconfigOutput", new Mutator(seeds),
                in -> Fuzz.outcome(LdCache.parseLdconfigOutput(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void procPidMaps() {
        var s = Fuzz.run("ProcMaps", new Mutator(Seeds.samples("devhost/proc-self-maps.txt")),
                in -> Fuzz.outcome(ProcMaps.sharedObjects(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }
}
