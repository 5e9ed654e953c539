package dev.gpudoctor.probe.libs;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.LibraryCopy;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.HostFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the copies of one library in a set of directories: every file or link whose name matches,
 * resolved, one copy per real file (libcuda.so.1 and libcuda.so.580.159.04 are one copy).
 */
public final class LibraryScan {

    private LibraryScan() {
    }

    /** A directory to look in and how it came to be looked in (the copy's foundBy). */
    public record Where(String dir, String foundBy) {
    }

    /** The pattern for "libNAME.so.<digits...>" (libcuda.so.1, libcuda.so.580.159.04; not libcuda.so). */
    public static Pattern versioned(String stem) {
        return Pattern.compile(Pattern.quote(stem) + "\\.so(\\.\\d+)+");
    }

    /** The version a resolved file name carries (libcuda.so.580.159.04 gives 580.159.04). */
    public static Optional<Version> versionOf(String fileName, String stem) {
        String prefix = stem + ".so.";
        int slash = fileName.lastIndexOf('/');
        String base = fileName.substring(slash + 1);
        if (!base.startsWith(prefix)) {
            return Optional.empty();
        }
        return Version.parse(base.substring(prefix.length()));
    }

    public static Fact<List<LibraryCopy>> scan(HostFiles files, List<Where> where, Pattern name,
                                              String stem, int minVersionParts) {
        Map<String, LibraryCopy> byReal = new LinkedHashMap<>();
        List<Evidence> evidence = new ArrayList<>();
        for (Where w : where) {
            Fact<List<DirEntry>> listing = files.list(w.dir());
            if (listing.status() == dev.gpudoctor.fact.Status.FAILED) {
                evidence.addAll(listing.evidence());
            }
            for (DirEntry e : listing.orElse(List.of())) {
                if (!name.matcher(e.name()).matches()
                        || (e.type() != FileType.FILE && e.type() != FileType.SYMLINK)) {
                    continue;
                }
                String path = w.dir() + "/" + e.name();
                Fact<String> real = files.realPath(path);
                if (!real.isFound()) {
                    continue; // a dangling link is no copy; the linker emulation reports those
                }
                Version v = versionOf(real.value(), stem).filter(x -> x.size() >= minVersionParts).orElse(null);
                byReal.putIfAbsent(real.value(), new LibraryCopy(path, real.value(), v, w.foundBy()));
                evidence.addAll(real.evidence());
            }
        }
        evidence.add(Evidence.derived("listed " + where.size() + " directories for " + stem + ".so.*"));
        return Fact.found(List.copyOf(byReal.values()), evidence);
    }
}
