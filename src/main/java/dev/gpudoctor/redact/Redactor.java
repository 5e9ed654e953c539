package dev.gpudoctor.redact;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces what identifies a machine or a person in text that leaves it (reports, bundles): GPU and
 * MIG UUIDs, board serial numbers, user names in home paths, user@host pairs, IP and MAC addresses.
 * One redactor serves one report or one bundle, so the same value always becomes the same stand-in
 * there and a redacted bundle still replays (the UUID nvidia-smi printed equals the one NVML gave).
 * Stand-ins keep the value's shape (a UUID stays a UUID, a MAC a MAC) so that parsers still read them.
 * It is text-based on purpose: it works the same on every output format and on every captured file.
 */
public final class Redactor {

    private static final Pattern UUID = Pattern.compile(
            "\\b(GPU|MIG)-([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\b");
    /** nvidia-smi -q -x: {@code <serial>}, {@code <chassis_serial_number>}, {@code <board_serial>} and the like. */
    private static final Pattern XML_SERIAL = Pattern.compile("(<([a-z_]*serial[a-z_]*)>)([^<]*)(</\\2>)");
    /** JSON and YAML fields named serial or serialNumber. */
    // At most 40 letters before "serial": unbounded, [A-Za-z_]* ran to the end of every long word from
    // each of its letters, quadratic (a 20 KB word took 2 s, SavedReportFuzzTest).
    private static final Pattern KEYED_SERIAL = Pattern.compile("(\"?(?:[A-Za-z_]{0,40}[sS]erial(?:_?[nN]umber)?)\"?\\s*[:=]\\s*\"?)([^\"\\s,}]+)");
    private static final Pattern HOME = Pattern.compile("(/home/|/Users/)([^/\\s\"':,;)]+)");
    // At most 127 host-name labels (a host name has at most 253 characters): an unbounded repetition
    // recurses once per label, and a long run of ".a" overflowed the stack.
    private static final Pattern USER_AT_HOST = Pattern.compile("(?<![\\w.@/-])([A-Za-z][\\w.-]{0,31})@([A-Za-z][A-Za-z0-9-]*(?:\\.[A-Za-z0-9-]+){0,126})(?![\\w@])");
    private static final Pattern MAC = Pattern.compile("(?<![0-9A-Fa-f:])(?:[0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}(?![0-9A-Fa-f:])");
    private static final Pattern IPV6 = Pattern.compile(
            "(?<![0-9A-Fa-f:.])(?=[0-9A-Fa-f:]*::|(?:[0-9A-Fa-f]{1,4}:){5})(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![0-9A-Fa-f:])");
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\w.+-])((?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3})(?![\\w.])");
    /**
     * Words that announce an address. Library versions are dotted quads too (curand 10.4.0.35, CUDA
     * 12.8.0.38), so a quad whose first number is below 32 counts as an address only after one of these
     * (a path segment, as in an NFS mount /net/10.1.2.3/..., counts).
     */
    private static final Pattern ADDRESS_CONTEXT = Pattern.compile("(?i)(?:ip|inet|addr(?:ess)?|host|server|peer|gateway|/|@|=)\\s*$");

    private final Map<String, String> standIns = new HashMap<>();
    private final Map<String, Integer> counters = new HashMap<>();

    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String s = replace(text, UUID, m -> m.group(1) + "-" + standIn("uuid", m.group(2),
                n -> String.format("00000000-0000-4000-8000-%012d", n)));
        s = replace(s, XML_SERIAL, m -> m.group(3).isBlank() || m.group(3).equals("N/A") ? m.group()
                : m.group(1) + standIn("serial", m.group(3), n -> "REDACTED-SERIAL-" + n) + m.group(4));
        s = replace(s, KEYED_SERIAL, m -> m.group(2).startsWith("REDACTED") || m.group(2).equals("N/A") ? m.group()
                : m.group(1) + standIn("serial", m.group(2), n -> "REDACTED-SERIAL-" + n));
        s = replace(s, HOME, m -> m.group(1) + standIn("user", m.group(2), n -> "user" + n));
        s = replace(s, USER_AT_HOST, m -> standIn("user", m.group(1), n -> "user" + n) + "@"
                + standIn("host", m.group(2), n -> "host" + n));
        s = replace(s, MAC, m -> standIn("mac", m.group().toLowerCase(java.util.Locale.ROOT),
                n -> String.format("02:00:00:00:%02x:%02x", n / 256, n % 256)));
        s = replace(s, IPV6, m -> m.group().chars().filter(c -> c == ':').count() < 2 ? m.group()
                : standIn("ipv6", m.group().toLowerCase(java.util.Locale.ROOT), n -> "fd00::" + Integer.toHexString(n)));
        Matcher v4 = IPV4.matcher(s);
        StringBuilder out = new StringBuilder();
        while (v4.find()) {
            String ip = v4.group(1);
            int first = Integer.parseInt(ip.substring(0, ip.indexOf('.')));
            String before = s.substring(Math.max(0, v4.start() - 12), v4.start());
            boolean address = first >= 32 || ADDRESS_CONTEXT.matcher(before).find();
            v4.appendReplacement(out, Matcher.quoteReplacement(address
                    ? standIn("ipv4", ip, n -> "192.0.2." + (n % 254 + 1)) : ip));
        }
        v4.appendTail(out);
        return out.toString();
    }

    /**
     * Replaces, anywhere in a word, the user and host names this redactor has already met: for names
     * made from paths ("home_alice_venv_bin_python3"), where the path patterns no longer apply.
     */
    public String redactKnownNames(String word) {
        String s = word;
        for (Map.Entry<String, String> e : standIns.entrySet()) {
            String[] kindValue = e.getKey().split("\u0000", 2);
            if ((kindValue[0].equals("user") || kindValue[0].equals("host")) && kindValue[1].length() >= 3) {
                s = s.replace(kindValue[1], e.getValue());
            }
        }
        return s;
    }

    /** The stand-ins given so far, by kind: for a test or a note of what was replaced (never the values). */
    public Map<String, Integer> counts() {
        return Map.copyOf(counters);
    }

    private static final Pattern STAND_IN = Pattern.compile(
            "00000000-0000-4000-8000-[0-9]{12}|REDACTED-SERIAL-[0-9]+|user[0-9]+|host[0-9]+|02:00:00:00:[0-9a-f]{2}:[0-9a-f]{2}"
                    + "|fd00::[0-9a-f]+|192\\.0\\.2\\.[0-9]+");

    private String standIn(String kind, String value, Function<Integer, String> shape) {
        if (STAND_IN.matcher(value).matches()) {
            // Already redacted (a redacted bundle replayed and reported): keep it, so both agree.
            return value;
        }
        return standIns.computeIfAbsent(kind + "\u0000" + value, k -> shape.apply(counters.merge(kind, 1, Integer::sum)));
    }

    private static String replace(String text, Pattern p, Function<Matcher, String> with) {
        Matcher m = p.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The kinds of value replaced, for help texts and the reliability notes. */
    public static final List<String> KINDS = List.of("GPU and MIG UUIDs", "board and chassis serial numbers",
            "user names in /home and /Users paths", "user@host", "MAC addresses", "IPv4 and IPv6 addresses");
}
