package dev.gpudoctor.probe.system;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.SystemFacts.CpuInfo;

/** Parses /proc/cpuinfo: one "processor : N" stanza per logical CPU. */
public final class CpuInfoParser {

    private CpuInfoParser() {
    }

    public static Fact<CpuInfo> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("/proc/cpuinfo is empty");
        }
        int processors = 0;
        String model = null;
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (key.equals("processor")) {
                processors++;
            } else if (key.equals("model name") && model == null && !value.isEmpty()) {
                model = value;
            }
        }
        if (processors == 0) {
            return Fact.failed("/proc/cpuinfo has no processor entry");
        }
        // arm64 kernels print no "model name" (only CPU implementer/part numbers): the model stays null.
        return Fact.found(new CpuInfo(model, processors));
    }
}
