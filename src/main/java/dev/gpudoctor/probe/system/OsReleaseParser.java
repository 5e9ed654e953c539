package dev.gpudoctor.probe.system;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.SystemFacts.OsRelease;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses os-release(5): shell-style KEY=value lines, values optionally quoted. */
public final class OsReleaseParser {

    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");

    private OsReleaseParser() {
    }

    public static Fact<OsRelease> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("os-release is empty");
        }
        Map<String, String> vars = new HashMap<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                return Fact.failed("os-release line " + (i + 1) + " is not KEY=value");
            }
            String value = unquote(m.group(2));
            if (value == null) {
                return Fact.failed("os-release line " + (i + 1) + " has an unterminated quote");
            }
            vars.put(m.group(1), value);
        }
        if (vars.isEmpty()) {
            return Fact.failed("os-release has no KEY=value line");
        }
        // os-release(5) gives these defaults for a file that leaves the keys out.
        return Fact.found(new OsRelease(
                vars.getOrDefault("ID", "linux"),
                vars.get("VERSION_ID"),
                vars.getOrDefault("PRETTY_NAME", vars.getOrDefault("NAME", "Linux")),
                vars.get("ID_LIKE")));
    }

    /** The value with shell quoting removed, or null when a quote is left open (a truncated file). */
    private static String unquote(String raw) {
        if (raw.isEmpty()) {
            return raw;
        }
        char q = raw.charAt(0);
        if (q != '"' && q != '\'') {
            return raw;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 1; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == q) {
                return i == raw.length() - 1 ? b.toString() : null;
            }
            if (c == '\\' && q == '"' && i + 1 < raw.length()) {
                c = raw.charAt(++i);
            }
            b.append(c);
        }
        return null;
    }
}
