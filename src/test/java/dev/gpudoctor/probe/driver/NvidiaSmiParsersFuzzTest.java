package dev.gpudoctor.probe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import org.junit.jupiter.api.Test;

/** Hostile and broken nvidia-smi output never crashes its parsers. */
class NvidiaSmiParsersFuzzTest {

    /** nvidia-smi -q -x of 15 real and fixture hosts; XML bombs and external entities are among the tokens. */
    @Test
    void queryXml() {
        var s = Fuzz.run("NvidiaSmiXml", new Mutator(Seeds.fixtures("commands/nvidia-smi-q-x.xml"),
                        "<!DOCTYPE nvidia_smi_log [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
                                + "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]>",
                        "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>", "&e;", "&c;", "<gpu id=\"", "</gpu>",
                        "<clocks_event_reasons>", "Active", "N/A"),
                in -> Fuzz.outcome(NvidiaSmiXml.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void versionOutput() {
        var s = Fuzz.run("NvidiaSmiVersion", new Mutator(Seeds.fixtures("commands/nvidia-smi-version.txt")),
                in -> Fuzz.outcome(NvidiaSmiVersion.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }
}
