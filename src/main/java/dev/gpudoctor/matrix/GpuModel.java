package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A GPU product: how nvidia-smi names it (patterns, found case-insensitively), its PCI device ids,
 * architecture and compute capability.
 *
 * @param gpuClass datacenter, workstation, consumer or embedded (decides forward compatibility)
 */
public record GpuModel(String name, List<Pattern> match, List<String> pciDeviceIds, String architecture,
        Version computeCapability, String gpuClass, Citation citation) implements Cited {

    static GpuModel read(Node n) {
        List<Pattern> patterns = n.items("match").stream().map(GpuModel::compile).toList();
        return new GpuModel(n.text("name"), patterns, n.texts("pciDeviceIds"), n.text("architecture"),
                n.version("computeCapability"), n.text("class"), n.citation());
    }

    private static Pattern compile(Node p) {
        String regex = p.value();
        try {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw p.bad("not a Java regular expression: " + e.getDescription());
        }
    }

    /** Whether an nvidia-smi product name is this GPU. */
    public boolean matches(String productName) {
        return match.stream().anyMatch(p -> p.matcher(productName).find());
    }

    @Override
    public String describe() {
        return name + ": " + architecture + ", compute capability " + computeCapability + ", " + gpuClass
                + (pciDeviceIds.isEmpty() ? "" : ", PCI " + String.join(" ", pciDeviceIds));
    }
}
