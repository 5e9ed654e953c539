package dev.gpudoctor.host.live;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.elf.ElfReader;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.HostPaths;
import dev.gpudoctor.host.LinkWalk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The host's files read from a real directory tree: "/" for this machine, or a mounted image, a
 * container's file system, a fixture or an unpacked bundle. Host paths are resolved component by
 * component inside the root, so an absolute link in an image points into the image, never to
 * this machine, and ".." cannot climb out of the root.
 */
public final class RootedFiles implements HostFiles {


    /**
     * Paths come from file contents too (ld.so.conf lines, RPATHs, /proc/PID/maps, a bundle's
     * manifest); one with a NUL names no file, and Path.resolve throws on it (BundleManifestFuzzTest).
     */
    private static final Fact<?> NUL_IN_PATH = Fact.failed("not a path: it holds a NUL character");

    private final Path root;

    public RootedFiles(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public Fact<String> readText(String path) {
        long t0 = System.nanoTime();
        Fact<byte[]> bytes = readBytes(path, MAX_TEXT_BYTES);
        if (!bytes.isFound()) {
            return bytes.map(b -> "");
        }
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            String text = decoder.decode(ByteBuffer.wrap(bytes.value())).toString();
            return Fact.found(text, Evidence.file(path, ms(t0)));
        } catch (IOException e) {
            return Fact.failed("cannot decode: " + e.getMessage(), Evidence.file(path, ms(t0)));
        }
    }

    @Override
    public Fact<byte[]> readBytes(String path, int maxBytes) {
        long t0 = System.nanoTime();
        Resolved r = resolve(path);
        if (r.error != null) {
            return failOrAbsent(r, path, t0);
        }
        Path real = r.real;
        if (Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
            return Fact.failed("is a directory", Evidence.file(path, ms(t0)));
        }
        // Files under /proc and /sys report size 0: read as a stream up to the limit.
        try (InputStream in = Files.newInputStream(real)) {
            byte[] data = in.readNBytes(maxBytes + 1);
            if (data.length > maxBytes) {
                return Fact.failed("larger than " + maxBytes + " bytes", Evidence.file(path, ms(t0)));
            }
            return Fact.found(data, Evidence.file(path, ms(t0)));
        } catch (IOException e) {
            return ioFact(e, Evidence.file(path, ms(t0)));
        }
    }

    private <T> Fact<T> failOrAbsent(Resolved r, String path, long t0) {
        return new Fact<>(r.error.status(), null, r.error.why(), List.of(Evidence.file(path, ms(t0))));
    }

    @Override
    public Fact<List<DirEntry>> list(String dir) {
        long t0 = System.nanoTime();
        Resolved r = resolve(dir);
        if (r.error != null) {
            return new Fact<>(r.error.status(), null, r.error.why(), List.of(Evidence.directory(dir, ms(t0))));
        }
        List<DirEntry> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(r.real)) {
            for (Path p : ds) {
                entries.add(new DirEntry(p.getFileName().toString(), typeOf(p)));
                if (entries.size() > 100_000) {
                    return Fact.failed("more than 100000 entries", Evidence.directory(dir, ms(t0)));
                }
            }
        } catch (NotDirectoryException e) {
            return Fact.failed("not a directory", Evidence.directory(dir, ms(t0)));
        } catch (IOException e) {
            return ioFact(e, Evidence.directory(dir, ms(t0)));
        }
        entries.sort(Comparator.comparing(DirEntry::name));
        return Fact.found(List.copyOf(entries), Evidence.directory(dir, ms(t0)));
    }

    @Override
    public Fact<FileStat> stat(String path) {
        long t0 = System.nanoTime();
        if (path.indexOf('\0') >= 0) {
            return new Fact<>(Status.FAILED, null, NUL_IN_PATH.why(), List.of(Evidence.file(path, ms(t0))));
        }
        String normal = HostPaths.normalize(path);
        // Resolve the parent fully, then look at the last component itself.
        int slash = normal.lastIndexOf('/');
        String parent = slash <= 0 ? "/" : normal.substring(0, slash);
        String name = normal.substring(slash + 1);
        Resolved r = resolve(parent);
        if (r.error != null) {
            return new Fact<>(r.error.status(), null, r.error.why(), List.of(Evidence.file(path, ms(t0))));
        }
        Path p = name.isEmpty() ? r.real : r.real.resolve(name);
        try {
            return Fact.found(statOf(p), Evidence.file(path, ms(t0)));
        } catch (IOException e) {
            return ioFact(e, Evidence.file(path, ms(t0)));
        }
    }

    @Override
    public Fact<String> realPath(String path) {
        long t0 = System.nanoTime();
        Resolved r = resolve(path);
        if (r.error != null) {
            return new Fact<>(r.error.status(), null, r.error.why(), List.of(Evidence.link(path, ms(t0))));
        }
        return Fact.found(r.hostPath, Evidence.link(path, ms(t0)));
    }

    @Override
    public Fact<ElfDynamic> elf(String path) {
        long t0 = System.nanoTime();
        Resolved r = resolve(path);
        if (r.error != null) {
            return new Fact<>(r.error.status(), null, r.error.why(), List.of(Evidence.file(path, ms(t0))));
        }
        try (FileChannel ch = FileChannel.open(r.real, StandardOpenOption.READ)) {
            long size = ch.size();
            ElfDynamic d = ElfReader.read((offset, length) -> {
                // No more than the file holds there: the lengths come from the file's own headers.
                ByteBuffer buf = ByteBuffer.allocate((int) Math.max(0, Math.min(length, size - offset)));
                while (buf.hasRemaining()) {
                    int n = ch.read(buf, offset + buf.position());
                    if (n < 0) {
                        break;
                    }
                }
                byte[] out = new byte[buf.position()];
                buf.flip();
                buf.get(out);
                return out;
            });
            return Fact.found(d, Evidence.file(path, ms(t0)));
        } catch (ElfReader.ElfFormatException e) {
            return Fact.failed(e.getMessage(), Evidence.file(path, ms(t0)));
        } catch (IOException e) {
            return ioFact(e, Evidence.file(path, ms(t0)));
        }
    }

    /** The real path under the root for a host path, links resolved inside the root. */
    private Resolved resolve(String hostPath) {
        if (hostPath.indexOf('\0') >= 0) {
            return Resolved.error(NUL_IN_PATH);
        }
        LinkWalk.Result<Fact<?>> walked = LinkWalk.resolve(hostPath, this::lookup,
                Fact.failed("too many levels of symbolic links"));
        return walked.path() == null ? Resolved.error(walked.stopped())
                : new Resolved(real(HostPaths.components(walked.path())), walked.path(), null);
    }

    /** One lstat of a component whose parent resolved under the root. */
    private LinkWalk.Step<Fact<?>> lookup(String hostPath) {
        List<String> components = HostPaths.components(hostPath);
        Path candidate = real(components);
        if (Files.isSymbolicLink(candidate)) {
            try {
                return new LinkWalk.Link<>(Files.readSymbolicLink(candidate).toString());
            } catch (IOException e) {
                return new LinkWalk.Stop<>(ioFact(e));
            }
        }
        if (Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
            return new LinkWalk.Entry<>();
        }
        Path parent = real(components.subList(0, components.size() - 1));
        String parentPath = "/" + String.join("/", components.subList(0, components.size() - 1));
        if (!Files.isDirectory(parent)) {
            return new LinkWalk.Stop<>(Fact.absent("not a directory: " + parentPath));
        }
        if (!Files.isExecutable(parent)) {
            return new LinkWalk.Stop<>(Fact.failed("permission denied: " + parentPath));
        }
        return new LinkWalk.Stop<>(Fact.absent("no such file or directory"));
    }

    private Path real(List<String> components) {
        Path p = root;
        for (String c : components) {
            p = p.resolve(c);
        }
        return p;
    }

    /**
     * The entry's type from one lstat through the cheap basic view: library folders list a
     * thousand entries; only special files need the full unix view to tell a device apart.
     */
    private static FileType typeOf(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                return FileType.SYMLINK;
            }
            if (a.isDirectory()) {
                return FileType.DIRECTORY;
            }
            if (a.isRegularFile()) {
                return FileType.FILE;
            }
            return statOf(p).type();
        } catch (IOException e) {
            return FileType.OTHER;
        }
    }

    static FileStat statOf(Path p) throws IOException {
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,rdev", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        FileType type = FileType.fromMode(mode);
        long rdev = (Long) a.get("rdev");
        boolean device = type == FileType.CHAR_DEVICE || type == FileType.BLOCK_DEVICE;
        String target = type == FileType.SYMLINK ? Files.readSymbolicLink(p).toString() : null;
        return new FileStat(
                type,
                mode & 0777,
                (Integer) a.get("uid"),
                (Integer) a.get("gid"),
                type == FileType.FILE ? (Long) a.get("size") : null,
                target,
                device ? (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL)) : null,
                device ? (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL)) : null);
    }

    static <T> Fact<T> ioFact(IOException e, Evidence... evidence) {
        if (e instanceof NoSuchFileException) {
            return Fact.absent("no such file or directory", evidence);
        }
        if (e instanceof AccessDeniedException) {
            return Fact.failed("permission denied", evidence);
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return Fact.failed(fse.getReason(), evidence);
        }
        return Fact.failed(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), evidence);
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    private record Resolved(Path real, String hostPath, Fact<?> error) {
        static Resolved error(Fact<?> f) {
            return new Resolved(null, null, f);
        }
    }
}
