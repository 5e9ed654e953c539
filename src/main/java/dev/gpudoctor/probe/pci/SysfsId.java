package dev.gpudoctor.probe.pci;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;

/** A sysfs PCI attribute such as vendor ("0x10de\n") or class ("0x030200\n"). */
public final class SysfsId {

    private SysfsId() {
    }

    /** The hex number as the kernel writes it, lower case, or failed for anything else. */
    public static Fact<String> parse(String text) {
        if (text == null) {
            return Fact.failed("no text");
        }
        String t = text.strip().toLowerCase();
        if (!t.matches("0x[0-9a-f]{1,8}")) {
            return Fact.failed("not a sysfs hex id: \"" + Excerpt.of(t, 20) + "\"");
        }
        return Fact.found(t);
    }
}
