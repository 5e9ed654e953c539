package dev.gpudoctor.probe.pci;

import dev.gpudoctor.fact.Fact;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The NVIDIA block of a pci.ids database: device id to model name. Only vendor 10de is parsed; the
 * rest of the 1.3 MB file is skipped.
 *
 * @param version the "Version:" of the database header, when it has one (names of GPUs released
 *                after that date are missing, which a finding may want to say)
 */
public record PciIds(String version, Map<String, String> nvidiaDevices) {

    public static final String NVIDIA_VENDOR = "10de";

    private static final Pattern VERSION = Pattern.compile("(?m)^#\\s*Version:\\s*(\\S+)");
    private static final Pattern VENDOR = Pattern.compile("([0-9a-f]{4})\\s+(.+)");
    private static final Pattern DEVICE = Pattern.compile("\t([0-9a-f]{4})\\s+(.+)");

    public PciIds {
        nvidiaDevices = Map.copyOf(nvidiaDevices);
    }

    /** The model name for a device id as sysfs writes it ("0x2335"). */
    public Optional<String> name(String deviceId) {
        String id = deviceId.toLowerCase().startsWith("0x") ? deviceId.substring(2) : deviceId;
        return Optional.ofNullable(nvidiaDevices.get(id.toLowerCase()));
    }

    public static Fact<PciIds> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("pci.ids is empty");
        }
        Matcher v = VERSION.matcher(text);
        String version = v.find() ? v.group(1) : null;
        Map<String, String> devices = new HashMap<>();
        boolean inNvidia = false;
        boolean sawNvidia = false;
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!line.startsWith("\t")) {
                // A vendor line, or the class section ("C 03  Display controller") that follows all vendors.
                Matcher m = VENDOR.matcher(line);
                inNvidia = m.matches() && m.group(1).equals(NVIDIA_VENDOR);
                sawNvidia |= inNvidia;
                if (sawNvidia && !inNvidia) {
                    break;
                }
                continue;
            }
            if (inNvidia && !line.startsWith("\t\t")) {
                Matcher d = DEVICE.matcher(line);
                if (d.matches()) {
                    devices.put(d.group(1), d.group(2).strip());
                }
            }
        }
        if (!sawNvidia) {
            return Fact.failed("pci.ids has no NVIDIA (10de) vendor block");
        }
        return Fact.found(new PciIds(version, devices));
    }
}
