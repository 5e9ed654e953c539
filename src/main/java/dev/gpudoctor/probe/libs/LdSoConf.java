package dev.gpudoctor.probe.libs;

import java.util.ArrayList;
import java.util.List;

/**
 * One ld.so.conf file, parsed: its directories and include patterns in the order written, since
 * the order is the linker's search order. Pure: the caller reads files and expands the includes.
 */
public record LdSoConf(List<Entry> entries) {

    /** A directory line, or an include pattern ("/etc/ld.so.conf.d/*.conf"). */
    public record Entry(boolean include, String value) {
    }

    public LdSoConf {
        entries = List.copyOf(entries);
    }

    /** Never throws: lines that are neither a directory nor an include are skipped, as ldconfig does. */
    public static LdSoConf parse(String text) {
        List<Entry> out = new ArrayList<>();
        if (text == null) {
            return new LdSoConf(out);
        }
        for (String raw : text.split("\\R")) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] words = line.split("\\s+");
            if (words[0].equals("include")) {
                for (int i = 1; i < words.length; i++) {
                    out.add(new Entry(true, words[i]));
                }
            } else if (words[0].equals("hwcap")) {
                continue; // old glibc syntax that names no directory
            } else {
                // ldconfig accepts several directories on a line, separated by blanks, ':' or ','.
                for (String d : line.split("[\\s:,]+")) {
                    // "dir=TYPE" is an old libc5 notation: the type is not part of the directory.
                    String dir = d.contains("=") ? d.substring(0, d.indexOf('=')) : d;
                    if (dir.startsWith("/")) {
                        out.add(new Entry(false, dir));
                    }
                }
            }
        }
        return new LdSoConf(out);
    }

    /**
     * True when a file name matches a glob's last component (*, ? and [...] as glob(3) reads them).
     * Matched by hand in time proportional to the product of the lengths: turned into a regular
     * expression, a run of stars backtracked exponentially, and an include line of 14 stars took
     * 20 seconds (LdSoConfFuzzTest). A star that fails is retried one character further, the
     * classic single-backtrack wildcard match, which is exact since every other token takes one
     * character.
     */
    public static boolean globMatches(String glob, String name) {
        int g = 0;
        int n = 0;
        int star = -1;
        int starAt = 0;
        while (n < name.length()) {
            int next = g < glob.length() && glob.charAt(g) != '*' ? one(glob, g, name.charAt(n)) : -1;
            if (g < glob.length() && glob.charAt(g) == '*') {
                star = g++;
                starAt = n;
            } else if (next >= 0) {
                g = next;
                n++;
            } else if (star >= 0) {
                g = star + 1;
                n = ++starAt;
            } else {
                return false;
            }
        }
        while (g < glob.length() && glob.charAt(g) == '*') {
            g++;
        }
        return g == glob.length();
    }

    /** Where the glob goes on when its one-character token at {@code g} matches {@code c}; -1 when not. */
    private static int one(String glob, int g, char c) {
        char t = glob.charAt(g);
        if (t == '?') {
            return c == '/' ? -1 : g + 1;
        }
        if (t != '[') {
            return t == c ? g + 1 : -1;
        }
        int i = g + 1;
        boolean negate = i < glob.length() && glob.charAt(i) == '!';
        if (negate) {
            i++;
        }
        // A ']' right after '[' or '[!' is a member, as glob(3) reads it; no ']' at all: '[' is itself.
        int close = glob.indexOf(']', i + 1);
        if (close < 0) {
            return c == '[' ? g + 1 : -1;
        }
        boolean member = false;
        for (int k = i; k < close; k++) {
            char lo = glob.charAt(k);
            if (k + 2 < close && glob.charAt(k + 1) == '-') {
                member |= lo <= c && c <= glob.charAt(k + 2);
                k += 2;
            } else {
                member |= lo == c;
            }
        }
        return member != negate && c != '/' ? close + 1 : -1;
    }
}
