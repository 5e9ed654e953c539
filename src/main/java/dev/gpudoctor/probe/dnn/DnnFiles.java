package dev.gpudoctor.probe.dnn;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DnnFacts.Install;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Installs seen in files: version headers and library files. A header names the directory of
 * the libraries it belongs with, so that one copy seen by several sources groups as one.
 */
final class DnnFiles {

    /** A header directory and the library directories its copy would have, nearest first. */
    record HeaderDir(String dir, List<String> libDirs) {
    }

    private DnnFiles() {
    }

    /** One install per header found (the first of the spec's header names present in each directory). */
    static List<Install> headers(HostFiles files, DnnSpec spec, List<HeaderDir> dirs, List<Install> libraries) {
        List<Install> out = new ArrayList<>();
        for (HeaderDir d : dirs) {
            for (String name : spec.headerNames()) {
                String path = d.dir() + "/" + name;
                Fact<String> text = files.readText(path);
                if (!text.isFound()) {
                    continue;
                }
                Fact<Version> v = text.flatMap(spec.headerParser());
                if (v.isFound()) {
                    out.add(new Install(v.value(), location(files, d, v.value(), libraries), "header", path, null,
                            v.evidence()));
                }
                break; // cudnn.h of the same directory repeats what cudnn_version.h said
            }
        }
        return out;
    }

    /** The library directory holding the same version; else the nearest that exists; else the header's own. */
    private static String location(HostFiles files, HeaderDir d, Version v, List<Install> libraries) {
        for (String lib : d.libDirs()) {
            String real = files.realPath(lib).orElse(lib);
            boolean same = libraries.stream().anyMatch(i -> i.location().equals(real) && i.version() != null
                    && v.startsWith(i.version().prefix(Math.min(3, i.version().size()))));
            if (same) {
                return real;
            }
        }
        for (String lib : d.libDirs()) {
            if (files.isDirectory(lib)) {
                return files.realPath(lib).orElse(lib);
            }
        }
        return d.dir();
    }

    /**
     * One install per real directory holding libNAME.so.N[.x.y]: the longest version among the
     * names (libcudnn.so.9.14.0 says more than libcudnn.so.9; a wheel ships only libcudnn.so.9).
     */
    static List<Install> libraries(HostFiles files, DnnSpec spec, List<String> dirs) {
        Pattern name = Pattern.compile(Pattern.quote(spec.libStem()) + "\\.so(\\.\\d+)+");
        Map<String, Install> byDir = new LinkedHashMap<>();
        for (String dir : dirs) {
            Fact<String> real = files.realPath(dir);
            if (!real.isFound() || byDir.containsKey(real.value())) {
                continue;
            }
            Fact<List<DirEntry>> listing = files.list(real.value());
            Version best = null;
            String bestName = null;
            for (DirEntry e : listing.orElse(List.of())) {
                if (name.matcher(e.name()).matches()) {
                    Version v = Version.of(e.name().substring(spec.libStem().length() + 4));
                    if (best == null || v.size() > best.size() || (v.size() == best.size() && v.isAtLeast(best))) {
                        best = v;
                        bestName = e.name();
                    }
                }
            }
            if (best != null) {
                byDir.put(real.value(), new Install(best, real.value(), "library", real.value() + "/" + bestName,
                        null, listing.evidence()));
            }
        }
        return new ArrayList<>(byDir.values());
    }
}
