package dev.gpudoctor.probe.linker;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * /proc/PID/maps: the files a running process has mapped. Its shared objects are the truth about
 * which copy of each library a job really loaded.
 */
public final class ProcMaps {

    private ProcMaps() {
    }

    /** The mapped shared objects (paths containing ".so"), sorted, each once. */
    public static Fact<List<String>> sharedObjects(String text) {
        TreeSet<String> out = new TreeSet<>();
        int lines = 0;
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            lines++;
            // address perms offset dev inode pathname; the pathname may contain spaces.
            String[] f = line.trim().split("\\s+", 6);
            if (f.length < 5 || !f[0].contains("-")) {
                return Fact.failed("not a /proc/PID/maps line: " + Excerpt.of(line, 80));
            }
            if (f.length == 6 && f[5].startsWith("/") && (f[5].contains(".so.") || f[5].endsWith(".so"))) {
                String path = f[5].endsWith(" (deleted)") ? f[5].substring(0, f[5].length() - 10) : f[5];
                out.add(path);
            }
        }
        if (lines == 0) {
            return Fact.failed("empty maps (the process has exited, or it is a kernel thread)");
        }
        return Fact.found(List.copyOf(new ArrayList<>(out)));
    }
}
