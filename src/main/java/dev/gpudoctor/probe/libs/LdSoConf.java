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

    /** True when a file name matches a glob's last component (*, ? and [...] as glob(3) reads them). */
    public static boolean globMatches(String glob, String name) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> re.append("[^/]*");
                case '?' -> re.append("[^/]");
                case '[' -> {
                    int end = glob.indexOf(']', i + 1);
                    if (end < 0) {
                        re.append("\\[");
                    } else {
                        String set = glob.substring(i + 1, end).replace("\\", "\\\\");
                        if (set.startsWith("!")) {
                            set = "^" + set.substring(1);
                        }
                        re.append('[').append(set).append(']');
                        i = end;
                    }
                }
                default -> re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        try {
            return name.matches(re.toString());
        } catch (java.util.regex.PatternSyntaxException e) {
            return false;
        }
    }
}
