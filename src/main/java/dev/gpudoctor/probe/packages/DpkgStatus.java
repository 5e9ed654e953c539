package dev.gpudoctor.probe.packages;

import dev.gpudoctor.fact.Fact;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Parses /var/lib/dpkg/status: the stanzas of installed packages. */
public final class DpkgStatus {

    private DpkgStatus() {
    }

    /**
     * The packages whose Status is "install ok installed" or "hold ok installed" (a held package
     * is installed; "deinstall ok config-files" and half-installed ones are not). Never throws.
     */
    public static Fact<List<InstalledPackage>> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("dpkg status is empty");
        }
        List<InstalledPackage> out = new ArrayList<>();
        int stanzas = 0;
        for (String stanza : text.split("\\R\\s*\\R")) {
            Map<String, String> f = fields(stanza);
            if (!f.containsKey("Package")) {
                continue;
            }
            stanzas++;
            String status = f.getOrDefault("Status", "");
            boolean installed = status.equals("install ok installed") || status.equals("hold ok installed");
            if (installed && f.containsKey("Version")) {
                out.add(new InstalledPackage(f.get("Package"), f.get("Version"), f.get("Architecture"), "dpkg"));
            }
        }
        if (stanzas == 0) {
            return Fact.failed("no Package stanza in dpkg status");
        }
        return Fact.found(List.copyOf(out));
    }

    private static Map<String, String> fields(String stanza) {
        Map<String, String> f = new HashMap<>();
        for (String line : stanza.split("\\R")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                continue; // continuation lines belong to Description and friends
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                f.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        return f;
    }
}
