package dev.gpudoctor.probe.libs;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.ProbeContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The directories where the dynamic linker and NVIDIA's tools put shared libraries: those of
 * /etc/ld.so.conf (with its includes), the standard ones, and those a container runtime injects.
 * Not the linker's search order for a given program (the linker emulation owns that): a list of
 * places to look for copies of a library.
 */
public final class LibraryDirs {

    /** ld.so.conf.d files include nothing in practice; a cycle or a deep chain stops here. */
    static final int MAX_INCLUDE_DEPTH = 8;

    public static final List<String> STANDARD = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib",
            "/usr/lib/aarch64-linux-gnu");

    /** Where the NVIDIA container toolkit, GKE and WSL put the host's driver libraries. */
    public static final List<String> CONTAINER_INJECTED = List.of(
            "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", "/usr/lib/wsl/lib");

    /**
     * One directory and why it is on the list.
     *
     * @param source the ld.so.conf file that names it, "standard" or "container-injected"
     */
    public record Dir(String path, String source) {
        public String describe() {
            return "directory " + path + " (" + source + ")";
        }
    }

    private LibraryDirs() {
    }

    /** The directories of this host, computed once per run. Always found: the standard ones are known. */
    public static Fact<List<Dir>> find(ProbeContext ctx) {
        return ctx.shared("library-dirs", () -> {
            Fact<List<Dir>> conf = read(ctx.host().files());
            // A copy in an LD_LIBRARY_PATH directory is a copy that loads: those folders are scanned too.
            List<Dir> all = new ArrayList<>(conf.orElse(List.of()));
            ctx.env("LD_LIBRARY_PATH").ifPresent(v -> {
                for (String d : v.split("[:;]")) {
                    if (d.startsWith("/") && all.stream().noneMatch(x -> x.path().equals(d))) {
                        all.add(new Dir(d, "LD_LIBRARY_PATH"));
                    }
                }
            });
            return Fact.found(List.copyOf(all), conf.evidence());
        });
    }

    /** Reads /etc/ld.so.conf and what it includes; unreadable files are kept as evidence. */
    public static Fact<List<Dir>> read(HostFiles files) {
        Map<String, Dir> dirs = new LinkedHashMap<>();
        List<Evidence> evidence = new ArrayList<>();
        readConf(files, "/etc/ld.so.conf", new java.util.ArrayDeque<>(), new java.util.HashSet<>(), dirs, evidence);
        for (String d : STANDARD) {
            dirs.putIfAbsent(d, new Dir(d, "standard"));
        }
        for (String d : CONTAINER_INJECTED) {
            dirs.putIfAbsent(d, new Dir(d, "container-injected"));
        }
        return Fact.found(List.copyOf(dirs.values()), evidence);
    }

    /**
     * {@code including}: the chain of files being read, for the depth bound; {@code read}: every file
     * read so far. Each file is read once: reading it again adds no directory (the first sight of each
     * is kept), and files that include each other made the chains multiply (7 such files: 27,400
     * reads and 2 s; each more file multiplies that).
     */
    private static void readConf(HostFiles files, String path, java.util.Deque<String> including,
                                 java.util.Set<String> read, Map<String, Dir> dirs, List<Evidence> evidence) {
        if (including.size() > MAX_INCLUDE_DEPTH || !read.add(path)) {
            return;
        }
        Fact<String> text = files.readText(path);
        evidence.addAll(text.evidence());
        if (!text.isFound()) {
            return;
        }
        including.push(path);
        String confDir = path.substring(0, Math.max(1, path.lastIndexOf('/')));
        for (LdSoConf.Entry e : LdSoConf.parse(text.value()).entries()) {
            if (!e.include()) {
                dirs.putIfAbsent(e.value(), new Dir(e.value(), path));
                continue;
            }
            // A relative include is relative to the including file's directory, as ldconfig reads it.
            String pattern = e.value().startsWith("/") ? e.value() : confDir + "/" + e.value();
            for (String included : expand(files, pattern, evidence)) {
                readConf(files, included, including, read, dirs, evidence);
            }
        }
        including.pop();
    }

    /** Expands a glob in the last path component by listing the directory; sorted, as glob(3) does. */
    static List<String> expand(HostFiles files, String pattern, List<Evidence> evidence) {
        int slash = pattern.lastIndexOf('/');
        String dir = slash <= 0 ? "/" : pattern.substring(0, slash);
        String glob = pattern.substring(slash + 1);
        if (!glob.matches(".*[*?\\[].*")) {
            return List.of(pattern);
        }
        Fact<List<DirEntry>> listing = files.list(dir);
        evidence.addAll(listing.evidence());
        List<String> out = new ArrayList<>();
        for (DirEntry entry : listing.orElse(List.of())) {
            if (LdSoConf.globMatches(glob, entry.name())) {
                out.add((dir.equals("/") ? "" : dir) + "/" + entry.name());
            }
        }
        return out;
    }
}
