package dev.gpudoctor.host.bundle;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.HostPaths;
import dev.gpudoctor.host.live.RootedFiles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A bundle's files: the {@code rootfs/} folder, overlaid with what {@code bundle.yaml} says of
 * paths the folder cannot hold (device nodes, read errors, placeholders, ELF sections).
 */
final class BundleFiles implements HostFiles {

    private final RootedFiles tree;
    private final Map<String, BundleManifest.PathRecord> paths;
    private final Map<String, ElfDynamic> elf;

    BundleFiles(RootedFiles tree, BundleManifest manifest) {
        this.tree = tree;
        this.paths = manifest.paths();
        this.elf = manifest.elf();
    }

    @Override
    public Fact<String> readText(String path) {
        Fact<String> special = special(path, Evidence.file(path, 0));
        if (special != null) {
            return special;
        }
        return tree.readText(path);
    }

    @Override
    public Fact<byte[]> readBytes(String path, int maxBytes) {
        Fact<byte[]> special = special(path, Evidence.file(path, 0));
        if (special != null) {
            return special;
        }
        return tree.readBytes(path, maxBytes);
    }

    @Override
    public Fact<List<DirEntry>> list(String dir) {
        BundleManifest.PathRecord err = errorFor(dir);
        if (err != null) {
            return failure(err, Evidence.directory(dir, 0));
        }
        Fact<List<DirEntry>> listed = tree.list(dir);
        Fact<String> real = tree.realPath(dir);
        String normal = HostPaths.normalize(dir);
        boolean implied = impliedDirectory(normal);
        if ((!listed.isFound() || !real.isFound()) && !implied) {
            return listed;
        }
        String base = real.isFound() ? real.value() : normal;
        String prefix = base.equals("/") ? "/" : base + "/";
        List<DirEntry> all = new ArrayList<>(listed.isFound() ? listed.value() : List.of());
        java.util.Set<String> names = new java.util.HashSet<>();
        all.forEach(e -> names.add(e.name()));
        for (Map.Entry<String, BundleManifest.PathRecord> e : paths.entrySet()) {
            String p = e.getKey();
            BundleManifest.PathRecord r = e.getValue();
            if (r.type() == null || !p.startsWith(prefix)) {
                continue;
            }
            int slash = p.indexOf('/', prefix.length());
            String name = slash < 0 ? p.substring(prefix.length()) : p.substring(prefix.length(), slash);
            if (names.add(name)) {
                all.add(new DirEntry(name, slash < 0 ? typeOf(r.type()) : FileType.DIRECTORY));
            }
        }
        all.sort(Comparator.comparing(DirEntry::name));
        return Fact.found(List.copyOf(all), listed.isFound() ? listed.evidence() : List.of(Evidence.directory(dir, 0)));
    }

    @Override
    public Fact<FileStat> stat(String path) {
        String normal = HostPaths.normalize(path);
        BundleManifest.PathRecord r = recordFor(normal);
        if (r != null && r.status() != null) {
            return failure(r, Evidence.file(path, 0));
        }
        if (r != null && r.type() != null) {
            return Fact.found(new FileStat(typeOf(r.type()), FileStat.permissionsFrom(r.mode()), r.uid(), r.gid(),
                    null, null, r.major(), r.minor()), Evidence.file(path, 0));
        }
        Fact<FileStat> s = tree.stat(path);
        if (!s.isFound() && impliedDirectory(normal)) {
            return Fact.found(new FileStat(FileType.DIRECTORY, 0755, 0, 0, null, null, null, null), Evidence.file(path, 0));
        }
        return s;
    }

    @Override
    public Fact<String> realPath(String path) {
        BundleManifest.PathRecord err = errorFor(path);
        if (err != null) {
            return failure(err, Evidence.link(path, 0));
        }
        String normal = HostPaths.normalize(path);
        BundleManifest.PathRecord r = recordFor(normal);
        if (r != null && r.type() != null) {
            return Fact.found(normal, Evidence.link(path, 0));
        }
        Fact<String> real = tree.realPath(path);
        if (!real.isFound() && impliedDirectory(normal)) {
            return Fact.found(normal, Evidence.link(path, 0));
        }
        return real;
    }

    @Override
    public Fact<ElfDynamic> elf(String path) {
        BundleManifest.PathRecord err = errorFor(path);
        if (err != null) {
            return failure(err, Evidence.file(path, 0));
        }
        Fact<String> real = tree.realPath(path);
        if (real.isFound()) {
            ElfDynamic d = elf.get(real.value());
            if (d != null) {
                return Fact.found(d, Evidence.file(path, 0));
            }
            BundleManifest.PathRecord r = paths.get(real.value());
            if (r != null && r.elfError() != null) {
                return Fact.failed(r.elfError(), Evidence.file(path, 0));
            }
            if (r != null && Boolean.FALSE.equals(r.content())) {
                return Fact.absent("not captured in the bundle", Evidence.file(path, 0));
            }
        }
        return tree.elf(path);
    }

    /** A recorded error, device node or placeholder standing where a file read would go. */
    private <T> Fact<T> special(String path, Evidence ev) {
        BundleManifest.PathRecord err = errorFor(path);
        if (err != null) {
            return failure(err, ev);
        }
        BundleManifest.PathRecord r = recordFor(HostPaths.normalize(path));
        if (r != null && r.type() != null) {
            return Fact.failed("is a " + Excerpt.of(r.type(), 20) + " (not read)", ev);
        }
        Fact<String> real = tree.realPath(path);
        if (real.isFound()) {
            BundleManifest.PathRecord placeholder = paths.get(real.value());
            if (placeholder != null && Boolean.FALSE.equals(placeholder.content())) {
                return Fact.absent("content not captured in the bundle", ev);
            }
        }
        return null;
    }

    /**
     * A folder that holds only device nodes or other special files (such as /dev) exists in the
     * bundle only through its entries: git and some archivers drop empty folders.
     */
    private boolean impliedDirectory(String normalPath) {
        String prefix = normalPath.equals("/") ? "/" : normalPath + "/";
        return paths.entrySet().stream().anyMatch(e -> e.getKey().startsWith(prefix) && e.getValue().type() != null);
    }

    private BundleManifest.PathRecord errorFor(String path) {
        BundleManifest.PathRecord r = recordFor(HostPaths.normalize(path));
        return r != null && r.status() != null ? r : null;
    }

    private BundleManifest.PathRecord recordFor(String normalPath) {
        return paths.get(normalPath);
    }

    /** A recorded read error; the reason is the bundle's text, so it is shown shortened, and never missing. */
    private static <T> Fact<T> failure(BundleManifest.PathRecord r, Evidence ev) {
        String why = r.error() == null || r.error().isBlank() ? "the bundle records no reason" : Excerpt.of(r.error(), 300);
        return "absent".equals(r.status()) ? Fact.absent(why, ev) : Fact.failed(why, ev);
    }

    private static FileType typeOf(String word) {
        for (FileType t : FileType.values()) {
            if (t.word().equals(word)) {
                return t;
            }
        }
        return FileType.OTHER;
    }
}
