package dev.gpudoctor.probe.kernel;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Parses /proc/modules ("nvidia 14299136 - - Live 0xffffffffc0400000 (O)") and keeps the modules a
 * GPU doctor cares about: nvidia* and nouveau.
 */
public final class ProcModulesParser {

    // name, size, reference count, users ("-" or "a,b,"), state; the address is hidden from non-root.
    private static final Pattern ENTRY = Pattern.compile("([A-Za-z0-9_\\-]+) \\d+ (\\d+|-) \\S+ (Live|Loading|Unloading)\\b.*");

    private ProcModulesParser() {
    }

    public static Fact<List<String>> parse(String text) {
        if (text == null) {
            return Fact.failed("no text");
        }
        List<String> kept = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty() && i == lines.length - 1) {
                continue;
            }
            if (!ENTRY.matcher(line).matches()) {
                return Fact.failed("line " + (i + 1) + " is not a /proc/modules entry: \""
                        + Excerpt.of(line, 40) + "\"");
            }
            String name = line.substring(0, line.indexOf(' '));
            if (name.startsWith("nvidia") || name.equals("nouveau")) {
                kept.add(name);
            }
        }
        // An empty file is a real answer: a kernel with module support and nothing loaded.
        return Fact.found(List.copyOf(kept));
    }
}
