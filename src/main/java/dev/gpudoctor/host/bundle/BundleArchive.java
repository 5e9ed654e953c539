package dev.gpudoctor.host.bundle;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Packs a bundle folder into a .tar.gz and unpacks one, refusing what a crafted archive could do:
 * entries that climb out with "..", absolute names, writing through a link, too many entries or
 * too many bytes. Links inside the bundle stay links and are only ever resolved inside its root.
 */
public final class BundleArchive {

    // A real capture is a few MiB and a few thousand entries (the H200's: 0.5 MiB packed, ~2,000
    // entries); the limits leave room for big hosts and stop a compression bomb early.
    static final long MAX_TOTAL_BYTES = 256L << 20;
    static final int MAX_ENTRIES = 100_000;
    static final int MAX_DEPTH = 64;

    private BundleArchive() {
    }

    public static boolean isArchiveName(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".tar.gz") || n.endsWith(".tgz");
    }

    static void pack(Path folder, Path archive) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(folder)) {
            all = new ArrayList<>(s.filter(p -> !p.equals(folder)).sorted().toList());
        }
        try (OutputStream fo = new BufferedOutputStream(Files.newOutputStream(archive));
             GzipCompressorOutputStream gz = new GzipCompressorOutputStream(fo);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path p : all) {
                String name = folder.relativize(p).toString().replace('\\', '/');
                if (Files.isSymbolicLink(p)) {
                    TarArchiveEntry e = new TarArchiveEntry(name, TarArchiveEntry.LF_SYMLINK);
                    e.setLinkName(Files.readSymbolicLink(p).toString());
                    tar.putArchiveEntry(e);
                    tar.closeArchiveEntry();
                } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    tar.putArchiveEntry(new TarArchiveEntry(name + "/"));
                    tar.closeArchiveEntry();
                } else {
                    TarArchiveEntry e = new TarArchiveEntry(name);
                    e.setSize(Files.size(p));
                    tar.putArchiveEntry(e);
                    Files.copy(p, tar);
                    tar.closeArchiveEntry();
                }
            }
            tar.finish();
        }
    }

    /** Unpacks into {@code into} (an empty folder); throws with the reason on anything suspicious. */
    static void unpack(Path archive, Path into) throws IOException {
        Path base = into.toAbsolutePath().normalize();
        long total = 0;
        int count = 0;
        try (InputStream fi = new BufferedInputStream(Files.newInputStream(archive));
             GzipCompressorInputStream gz = new GzipCompressorInputStream(fi);
             TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (++count > MAX_ENTRIES) {
                    throw new IOException("more than " + MAX_ENTRIES + " entries");
                }
                String name = e.getName();
                if (name.split("/").length > MAX_DEPTH) {
                    throw new IOException("entry nested deeper than " + MAX_DEPTH + " folders: "
                            + (name.length() > 120 ? name.substring(0, 120) + "..." : name));
                }
                if (name.startsWith("/") || name.contains("\\")) {
                    throw new IOException("entry with an absolute name: " + name);
                }
                Path out = base.resolve(name).normalize();
                if (!out.startsWith(base) || out.equals(base) && !e.isDirectory()) {
                    throw new IOException("entry outside the bundle: " + name);
                }
                refuseLinkedParents(base, out);
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                } else if (e.isSymbolicLink()) {
                    Files.createDirectories(out.getParent());
                    Files.createSymbolicLink(out, Path.of(e.getLinkName()));
                } else if (e.isFile()) {
                    Files.createDirectories(out.getParent());
                    long left = MAX_TOTAL_BYTES - total;
                    try (OutputStream o = Files.newOutputStream(out)) {
                        long n = copyBounded(tar, o, left);
                        total += n;
                    }
                } else {
                    throw new IOException("unsupported entry type in bundle: " + name);
                }
            }
        }
    }

    private static long copyBounded(InputStream in, OutputStream out, long limit) throws IOException {
        byte[] buf = new byte[65536];
        long n = 0;
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
            if (n > limit) {
                throw new IOException("bundle larger than " + MAX_TOTAL_BYTES + " bytes unpacked");
            }
            out.write(buf, 0, r);
        }
        return n;
    }

    /** A crafted archive can put a link at a/ and then a file a/x: never write through a link. */
    private static void refuseLinkedParents(Path base, Path out) throws IOException {
        Path p = base;
        Path rel = base.relativize(out);
        for (int i = 0; i < rel.getNameCount() - 1; i++) {
            p = p.resolve(rel.getName(i));
            if (Files.isSymbolicLink(p)) {
                throw new IOException("entry written through a link: " + rel);
            }
        }
        if (Files.exists(out, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(out, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException("duplicate entry: " + rel);
        }
    }

    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
