package dev.gpudoctor.probe.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hostile and broken ld.so.conf files never crash or stall the parser, nor the glob matching of
 * their include lines, which LibraryDirs runs against every name of the included directory.
 */
class LdSoConfFuzzTest {

    /** Names that stand in /etc/ld.so.conf.d of the fixture hosts. */
    private static final List<String> NAMES = List.of("libc.conf", "x86_64-linux-gnu.conf", "000_cuda.conf",
            "zz-cuda-13-0.conf", "987_cuda-13.conf", "gds-13-0.conf", "nvidia.conf", "ld.wsl.conf");

    @Test
    void confAndIncludeGlobs() {
        var seeds = Seeds.all(Seeds.fixtures("rootfs/etc/ld.so.conf"), Seeds.fixtures("rootfs/etc/ld.so.conf.d/*.conf"));
        var s = Fuzz.run("LdSoConf", new Mutator(seeds), in -> {
            int matched = 0;
            for (LdSoConf.Entry e : LdSoConf.parse(Fuzz.text(in)).entries()) {
                if (e.include()) {
                    String glob = e.value().substring(e.value().lastIndexOf('/') + 1);
                    for (String name : NAMES) {
                        matched += LdSoConf.globMatches(glob, name) ? 1 : 0;
                    }
                }
            }
            return matched > 0 ? "include matched" : "no include matched";
        });
        assertThat(s.count("include matched")).isPositive();
    }
}
