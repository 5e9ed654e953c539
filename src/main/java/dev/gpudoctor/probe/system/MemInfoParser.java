package dev.gpudoctor.probe.system;

import dev.gpudoctor.fact.Fact;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads MemTotal from /proc/meminfo, which the kernel prints in KiB although it says "kB". */
public final class MemInfoParser {

    private static final Pattern MEM_TOTAL = Pattern.compile("(?m)^MemTotal:\\s+(\\d{1,15})\\s+kB\\s*$");

    private MemInfoParser() {
    }

    public static Fact<Long> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("/proc/meminfo is empty");
        }
        Matcher m = MEM_TOTAL.matcher(text);
        if (!m.find()) {
            return Fact.failed("/proc/meminfo has no \"MemTotal: N kB\" line");
        }
        return Fact.found(Long.parseLong(m.group(1)) * 1024L);
    }
}
