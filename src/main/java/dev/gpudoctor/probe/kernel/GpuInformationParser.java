package dev.gpudoctor.probe.kernel;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.KernelFacts.ProcGpu;
import java.util.HashMap;
import java.util.Map;

/**
 * Parses /proc/driver/nvidia/gpus/BUS/information: "Key: \t value" lines. Keys an older driver
 * does not print (GPU Excluded came with 470) stay null.
 */
public final class GpuInformationParser {

    private GpuInformationParser() {
    }

    public static Fact<ProcGpu> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("information file is empty");
        }
        Map<String, String> kv = new HashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                kv.putIfAbsent(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
            }
        }
        String bus = kv.get("Bus Location");
        String model = kv.get("Model");
        if (bus == null || model == null) {
            return Fact.failed("no \"Model:\" and \"Bus Location:\" lines");
        }
        Integer minor = null;
        String minorText = kv.get("Device Minor");
        if (minorText != null) {
            if (!minorText.matches("\\d{1,9}")) {
                return Fact.failed("Device Minor is not a number: \"" + Excerpt.of(minorText, 40) + "\"");
            }
            minor = Integer.parseInt(minorText);
        }
        Boolean excluded = null;
        String excludedText = kv.get("GPU Excluded");
        if (excludedText != null) {
            if (!excludedText.equals("Yes") && !excludedText.equals("No")) {
                return Fact.failed("GPU Excluded is neither Yes nor No: \"" + Excerpt.of(excludedText, 40) + "\"");
            }
            excluded = excludedText.equals("Yes");
        }
        return Fact.found(new ProcGpu(bus, model, kv.get("GPU UUID"), kv.get("Video BIOS"), minor, excluded));
    }
}
