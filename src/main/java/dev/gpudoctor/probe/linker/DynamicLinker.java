package dev.gpudoctor.probe.linker;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.HostFiles;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Finds the file the glibc dynamic linker would load for a soname needed by an object, in its
 * order (ld.so(8)): the object's DT_RPATH (only when it has no DT_RUNPATH), LD_LIBRARY_PATH, the
 * object's DT_RUNPATH, /etc/ld.so.cache, then the default directories. $ORIGIN, $LIB and
 * $PLATFORM are expanded as the linker does. Every directory is looked at through the host's
 * files, so a bundle or a mounted image is searched like the live system.
 */
public final class DynamicLinker {

    /** Where a soname was found and by which rule; the copies it passed over are kept too. */
    public record Hit(String soname, String path, String realPath, String via, List<String> shadowed) {
    }

    static final List<String> DEFAULT_DIRS = List.of(
            "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64", "/usr/lib64", "/lib", "/usr/lib");

    private final HostFiles files;
    private final List<String> ldLibraryPath;
    private final List<LdCache.Entry> cache;

    public DynamicLinker(HostFiles files, List<String> ldLibraryPath, List<LdCache.Entry> cache) {
        this.files = files;
        this.ldLibraryPath = List.copyOf(ldLibraryPath);
        this.cache = List.copyOf(cache);
    }

    /** LD_LIBRARY_PATH split as ld.so splits it (colons and semicolons; empty means the current directory, skipped). */
    public static List<String> splitSearchPath(String value) {
        List<String> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        for (String s : value.split("[:;]")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /**
     * Resolves a soname needed by the object at {@code objectPath} (with its dynamic section).
     * Returns a hit with a null path when no rule finds it.
     */
    public Hit resolve(String soname, String objectPath, ElfDynamic object) {
        String origin = parent(objectPath);
        List<Candidate> order = new ArrayList<>();
        if (object != null && object.runpath().isEmpty()) {
            object.rpath().forEach(d -> order.add(new Candidate(expand(d, origin), "rpath")));
        }
        ldLibraryPath.forEach(d -> order.add(new Candidate(d, "ld_library_path")));
        if (object != null) {
            object.runpath().forEach(d -> order.add(new Candidate(expand(d, origin), "runpath")));
        }
        Hit found = null;
        Set<String> shadowed = new LinkedHashSet<>();
        for (Candidate c : order) {
            String p = join(c.dir, soname);
            Fact<String> real = files.realPath(p);
            if (real.isFound()) {
                if (found == null) {
                    found = new Hit(soname, p, real.value(), c.via, List.of());
                } else if (!real.value().equals(found.realPath())) {
                    shadowed.add(p);
                }
            }
        }
        for (LdCache.Entry e : cache) {
            if (e.soname().equals(soname) && isThisArch(e.abi())) {
                Fact<String> real = files.realPath(e.path());
                if (!real.isFound()) {
                    continue;
                }
                if (found == null) {
                    found = new Hit(soname, e.path(), real.value(), "ld.so.cache", List.of());
                } else if (!real.value().equals(found.realPath())) {
                    shadowed.add(e.path());
                }
            }
        }
        for (String d : DEFAULT_DIRS) {
            String p = join(d, soname);
            Fact<String> real = files.realPath(p);
            if (real.isFound()) {
                if (found == null) {
                    found = new Hit(soname, p, real.value(), "default-dirs", List.of());
                } else if (!real.value().equals(found.realPath())) {
                    shadowed.add(p);
                }
            }
        }
        if (found == null) {
            return new Hit(soname, null, null, "not-found", List.of());
        }
        List<String> others = new ArrayList<>();
        Set<String> seenReal = new LinkedHashSet<>();
        seenReal.add(found.realPath());
        for (String s : shadowed) {
            Fact<String> real = files.realPath(s);
            if (real.isFound() && seenReal.add(real.value())) {
                others.add(real.value());
            }
        }
        return new Hit(soname, found.path(), found.realPath(), found.via(), others);
    }

    private static boolean isThisArch(String abi) {
        // The linker only takes cache entries of its own ABI; report on the 64-bit x86/ARM userland.
        return abi == null || abi.contains("x86-64") || abi.contains("AArch64") || abi.equals("libc6");
    }

    /** Expands the dynamic string tokens the linker knows in RPATH and RUNPATH. */
    static String expand(String dir, String origin) {
        return dir.replace("${ORIGIN}", origin).replace("$ORIGIN", origin)
                .replace("${LIB}", "lib/x86_64-linux-gnu").replace("$LIB", "lib/x86_64-linux-gnu")
                .replace("${PLATFORM}", "x86_64").replace("$PLATFORM", "x86_64");
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    private record Candidate(String dir, String via) {
    }
}
