package dev.gpudoctor.probe.system;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.SystemFacts.KernelInfo;

/** Parses /proc/version: "Linux version RELEASE (builder) (compiler) #1 SMP ...". */
public final class ProcVersionParser {

    private ProcVersionParser() {
    }

    public static Fact<KernelInfo> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("/proc/version is empty");
        }
        String banner = text.strip();
        String[] words = banner.split("\\s+");
        if (words.length < 3 || !words[0].equals("Linux") || !words[1].equals("version")) {
            return Fact.failed("not a Linux version banner: " + Excerpt.of(banner, 60));
        }
        return Fact.found(new KernelInfo(words[2], banner));
    }
}
