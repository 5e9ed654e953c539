package dev.gpudoctor.validate.child;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The library files this process has mapped, from /proc/self/maps: which copy really ran, whatever
 * was asked for (a soname resolves through LD_LIBRARY_PATH and ld.so.cache; cuDNN opens its
 * sub-libraries by name at run time).
 */
final class Mapped {

    private Mapped() {
    }

    /** Mapped files whose name starts with one of the prefixes ("libcublas" matches libcublasLt too), in map order. */
    static List<String> files(String... prefixes) {
        Set<String> out = new LinkedHashSet<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("/proc/self/maps"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        for (String line : lines) {
            int slash = line.indexOf('/');
            if (slash < 0) {
                continue;
            }
            String path = line.substring(slash).strip();
            if (path.endsWith(" (deleted)")) {
                path = path.substring(0, path.length() - " (deleted)".length());
            }
            String name = path.substring(path.lastIndexOf('/') + 1);
            for (String p : prefixes) {
                if (name.startsWith(p)) {
                    out.add(path);
                    break;
                }
            }
        }
        return List.copyOf(out);
    }

    /** Files of those families mapped now that were not in {@code before}. */
    static List<String> since(List<String> before, String... prefixes) {
        return files(prefixes).stream().filter(f -> !before.contains(f)).toList();
    }
}
