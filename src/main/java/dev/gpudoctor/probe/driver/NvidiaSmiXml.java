package dev.gpudoctor.probe.driver;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts.SmiGpu;
import dev.gpudoctor.fact.section.DriverFacts.SmiLog;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Parses {@code nvidia-smi -q -x}. Keeps what the rules need; the board serial numbers
 * ({@code <serial>}, {@code <chassis_serial_number>}) are never read, since reports travel to
 * public trackers. Field names moved between driver branches (clocks_throttle_reasons became
 * clocks_event_reasons, power_readings became gpu_power_readings), so both are read.
 */
public final class NvidiaSmiXml {

    private static final Pattern LEADING_NUMBER = Pattern.compile("^\\s*(-?\\d+(?:\\.\\d+)?)");

    private NvidiaSmiXml() {
    }

    public static Fact<SmiLog> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("nvidia-smi -q -x printed nothing");
        }
        Document doc;
        try {
            doc = SafeXml.parse(text);
        } catch (Exception e) {
            // The parser's message quotes the input (an XML declaration, a name): shortened.
            return Fact.failed("not well-formed XML: " + Excerpt.of(e.getMessage(), 200));
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("nvidia_smi_log")) {
            return Fact.failed("root element is <" + Excerpt.of(root.getTagName(), 40) + ">, not <nvidia_smi_log>");
        }
        List<SmiGpu> gpus = new ArrayList<>();
        for (Element g : children(root, "gpu")) {
            gpus.add(gpu(g));
        }
        // Every reader of the log starts from the driver version: a log that names none ("N/A", or no
        // element) is no answer, as nvidia-smi --version without a DRIVER line is none. Found with a
        // null version, it crashed check with a NullPointerException (NvidiaSmiParsersFuzzTest).
        Version driver = version(value(root, "driver_version"));
        if (driver == null) {
            return Fact.failed("nvidia-smi -q -x names no driver version");
        }
        Long attached = number(value(root, "attached_gpus")).map(Double::longValue).orElse(null);
        return Fact.found(new SmiLog(
                driver,
                version(value(root, "cuda_version")),
                attached == null ? gpus.size() : attached.intValue(),
                gpus));
    }

    private static SmiGpu gpu(Element g) {
        String pciBusId = g.getAttribute("id");
        return new SmiGpu(
                pciBusId.isEmpty() ? value(g, "pci/pci_bus_id") : pciBusId,
                value(g, "product_name"),
                value(g, "product_brand"),
                value(g, "product_architecture"),
                value(g, "uuid"),
                value(g, "pci/pci_device_id"),
                value(g, "vbios_version"),
                value(g, "persistence_mode"),
                value(g, "mig_mode/current_mig"),
                value(g, "mig_mode/pending_mig"),
                value(g, "ecc_mode/current_ecc"),
                value(g, "ecc_mode/pending_ecc"),
                firstLong(g, "ecc_errors/volatile/dram_uncorrectable", "ecc_errors/volatile/double_bit/total",
                        "ecc_errors/volatile/total"),
                value(g, "retired_pages/pending_retirement"),
                value(g, "remapped_rows/remapped_row_pending"),
                value(g, "remapped_rows/remapped_row_failure"),
                firstLong(g, "fb_memory_usage/total"),
                value(g, "compute_mode"),
                value(g, "gpu_virtualization_mode/virtualization_mode"),
                value(g, "performance_state"),
                number(first(g, "gpu_power_readings/current_power_limit", "power_readings/power_limit",
                        "power_readings/current_power_limit")).orElse(null),
                number(value(g, "temperature/gpu_temp")).map(Double::intValue).orElse(null),
                activeReasons(g));
    }

    /** The reasons whose value is "Active" ("Not Active" ones are the normal state). */
    private static List<String> activeReasons(Element g) {
        List<String> out = new ArrayList<>();
        for (String block : new String[] {"clocks_event_reasons", "clocks_throttle_reasons"}) {
            Element e = at(g, block);
            if (e == null) {
                continue;
            }
            for (Element r : children(e, null)) {
                if ("Active".equals(r.getTextContent().strip())) {
                    out.add(r.getTagName());
                }
            }
        }
        return List.copyOf(out);
    }

    private static String first(Element g, String... paths) {
        for (String p : paths) {
            String v = value(g, p);
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static Long firstLong(Element g, String... paths) {
        for (String p : paths) {
            java.util.Optional<Double> n = number(value(g, p));
            if (n.isPresent()) {
                return n.get().longValue();
            }
        }
        return null;
    }

    /** The text at a slash path of child elements; "N/A" and deprecation notices are no value. */
    static String value(Element from, String path) {
        Element e = at(from, path);
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().strip();
        if (t.isEmpty() || t.equals("N/A") || t.equals("[N/A]") || t.equals("Not Supported")
                || t.equals("[Not Supported]") || t.equals("Requested functionality has been deprecated")) {
            return null;
        }
        return t;
    }

    private static Element at(Element from, String path) {
        Element cur = from;
        for (String step : path.split("/")) {
            List<Element> next = children(cur, step);
            if (next.isEmpty()) {
                return null;
            }
            cur = next.get(0);
        }
        return cur;
    }

    private static List<Element> children(Element parent, String tag) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (tag == null || e.getTagName().equals(tag))) {
                out.add(e);
            }
        }
        return out;
    }

    /** "143771 MiB" gives 143771, "700.00 W" gives 700.0, "38 C" gives 38. */
    private static java.util.Optional<Double> number(String s) {
        if (s == null) {
            return java.util.Optional.empty();
        }
        Matcher m = LEADING_NUMBER.matcher(s);
        return m.find() ? java.util.Optional.of(Double.parseDouble(m.group(1))) : java.util.Optional.empty();
    }

    private static Version version(String s) {
        return Version.parse(s).orElse(null);
    }
}
