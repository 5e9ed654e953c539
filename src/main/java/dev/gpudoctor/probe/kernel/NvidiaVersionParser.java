package dev.gpudoctor.probe.kernel;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.KernelFacts.NvidiaModule;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses /proc/driver/nvidia/version. Its first line names the flavour and the version:
 * "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build ..." (open)
 * or "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 ..." (proprietary),
 * with aarch64 in place of x86_64 on Arm servers.
 */
public final class NvidiaVersionParser {

    private static final Pattern NVRM = Pattern.compile("(?m)^NVRM version:(.*)$");
    // Bounded by spaces so that the "86" of x86_64 is never taken for the version. The version stands
    // within 40 characters of "Kernel Module" (" for x86_64 " comes between in the open flavour):
    // an unbounded .*? scanned to the end of the line from every "Kernel Module", quadratic on a line
    // of concatenated banners (KernelParsersFuzzTest). At most 16 components, since an unbounded
    // regex repetition recurses once per component.
    private static final Pattern VERSION = Pattern.compile(
            "\\sKernel Module\\b.{0,40}?\\s(\\d+\\.\\d+(?:\\.\\d+){0,14})(?:\\s|$)");

    private NvidiaVersionParser() {
    }

    public static Fact<NvidiaModule> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("/proc/driver/nvidia/version is empty");
        }
        Matcher line = NVRM.matcher(text);
        if (!line.find()) {
            return Fact.failed("no \"NVRM version:\" line");
        }
        String nvrm = line.group(1);
        Matcher v = VERSION.matcher(nvrm);
        if (!v.find()) {
            // The line is quoted shortened: the file may hold anything, NULs and 20 KB lines included.
            return Fact.failed("no kernel module version in \"NVRM version:" + Excerpt.of(nvrm.strip(), 80) + "\"");
        }
        var version = Version.parse(v.group(1));
        if (version.isEmpty()) {
            return Fact.failed("not a version: " + Excerpt.of(v.group(1), 40));
        }
        boolean open = nvrm.contains("Open Kernel Module");
        return Fact.found(new NvidiaModule(version.get(), open, text.strip()));
    }
}
