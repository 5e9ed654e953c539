package dev.gpudoctor.host;

import java.util.ArrayList;
import java.util.List;

/**
 * The host's absolute paths as text ("/usr/local/cuda/lib64"): split, joined and normalized
 * lexically, the same way wherever a root, a recording or a bundle resolves them.
 */
public final class HostPaths {

    private HostPaths() {
    }

    /** The non-empty components ("/a//b/" gives a, b). */
    public static List<String> components(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** "." dropped and ".." applied, never above "/": a path can never leave its root. */
    public static String normalize(String path) {
        List<String> out = new ArrayList<>();
        for (String c : components(path)) {
            if (c.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else if (!c.equals(".")) {
                out.add(c);
            }
        }
        return "/" + String.join("/", out);
    }

    public static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }
}
