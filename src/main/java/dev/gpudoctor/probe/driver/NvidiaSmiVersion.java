package dev.gpudoctor.probe.driver;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts.SmiVersion;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses {@code nvidia-smi --version}:
 * <pre>
 * NVIDIA-SMI version  : 580.159.04
 * NVML version        : 580.159
 * DRIVER version      : 580.159.04
 * CUDA Version        : 13.0
 * </pre>
 */
public final class NvidiaSmiVersion {

    private NvidiaSmiVersion() {
    }

    public static Fact<SmiVersion> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("nvidia-smi --version printed nothing");
        }
        Map<String, Version> v = new HashMap<>();
        for (String line : text.split("\\R")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String key = line.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT);
            Version.parse(line.substring(colon + 1).strip()).ifPresent(x -> v.put(key, x));
        }
        Version driver = v.get("driver version");
        if (driver == null) {
            return Fact.failed("no DRIVER version line in nvidia-smi --version output");
        }
        return Fact.found(new SmiVersion(v.get("nvidia-smi version"), v.get("nvml version"), driver,
                v.get("cuda version")));
    }
}
