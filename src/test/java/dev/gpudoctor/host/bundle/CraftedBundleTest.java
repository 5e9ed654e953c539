package dev.gpudoctor.host.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundles from strangers (a support engineer opens what a user sent): crafted archives are refused
 * or bounded, with the reason, and nothing is written outside the scratch folder.
 */
class CraftedBundleTest {

    @TempDir
    Path tmp;

    private static final String MANIFEST = "format: gpu-doctor-bundle\nformatVersion: 1\n";

    /** One tar.gz entry: a file with content, a folder (name ending in /), or a link (content is its target). */
    record Entry(String name, String content, boolean link) {
        static Entry file(String name, String content) {
            return new Entry(name, content, false);
        }

        static Entry link(String name, String target) {
            return new Entry(name, target, true);
        }
    }

    private Path archive(String fileName, List<Entry> entries) throws IOException {
        Path a = tmp.resolve(fileName);
        try (OutputStream o = Files.newOutputStream(a); GzipCompressorOutputStream gz = new GzipCompressorOutputStream(o);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (Entry e : entries) {
                if (e.link()) {
                    TarArchiveEntry t = new TarArchiveEntry(e.name(), TarArchiveEntry.LF_SYMLINK);
                    t.setLinkName(e.content());
                    tar.putArchiveEntry(t);
                } else {
                    byte[] b = e.content().getBytes(StandardCharsets.UTF_8);
                    // preserveAbsolutePath: keep a leading "/" as a crafted archive would.
                    TarArchiveEntry t = new TarArchiveEntry(e.name(), true);
                    t.setSize(b.length);
                    tar.putArchiveEntry(t);
                    tar.write(b);
                }
                tar.closeArchiveEntry();
            }
        }
        return a;
    }

    private String refusal(Path archive) throws IOException {
        Path scratch = Files.createDirectories(tmp.resolve("scratch-" + archive.getFileName()));
        Throwable t = catchThrowable(() -> BundleHost.open(archive, scratch));
        assertThat(t).isInstanceOf(BundleHost.BundleException.class);
        return t.getMessage();
    }

    /** Everything in the temporary folder except the archives and scratch folders: what a crafted bundle may not create. */
    private List<Path> strayFiles() throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> !p.getFileName().toString().startsWith("scratch-") && !p.toString().endsWith(".tar.gz")).toList();
        }
    }

    @Test
    void climbingOutWithDotDotIsRefused() throws IOException {
        assertThat(refusal(archive("dotdot.tar.gz", List.of(Entry.file("bundle.yaml", MANIFEST),
                Entry.file("rootfs/../../escaped.txt", "x"))))).contains("entry outside the bundle");
        assertThat(strayFiles()).isEmpty();
    }

    @Test
    void absoluteNamesAreRefused() throws IOException {
        Path target = tmp.resolve("absolute-escape.txt");
        assertThat(refusal(archive("absolute.tar.gz", List.of(Entry.file(target.toString(), "x")))))
                .contains("absolute name");
        assertThat(target).doesNotExist();
    }

    /** A link to the outside first, then a file "through" it: never written. */
    @Test
    void writingThroughALinkIsRefused() throws IOException {
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        assertThat(refusal(archive("through-link.tar.gz", List.of(Entry.file("bundle.yaml", MANIFEST),
                Entry.link("rootfs", outside.toString()), Entry.file("rootfs/planted.txt", "x")))))
                .contains("written through a link");
        assertThat(outside.resolve("planted.txt")).doesNotExist();
    }

    /**
     * A bundle whose commands/ folder is a link to the replaying machine's /etc: its recorded
     * nvidia-smi output would be the host's /etc/hostname. Not read: the command is "not run".
     */
    @Test
    void outputsBehindALinkedFolderAreNotRead() throws Exception {
        Path bundle = archive("linked-outputs.tar.gz", List.of(Entry.file("bundle.yaml", MANIFEST
                        + "commands:\n- argv: [nvidia-smi]\n  outcome: exited\n  exitCode: 0\n  elapsedMs: 1.0\n  stdout: commands/hostname\n"),
                Entry.link("commands", "/etc"), Entry.file("rootfs/.keep", "")));
        BundleHost host = BundleHost.open(bundle, Files.createDirectories(tmp.resolve("scratch-linked")));
        var r = host.commands().run(List.of("nvidia-smi"), java.time.Duration.ofSeconds(1));
        assertThat(r.stdout()).isNull();
        assertThat(r.why()).contains("output path outside the bundle");
    }

    /** Links that point outside stay links and resolve inside the bundle's root, never on this machine. */
    @Test
    void linksResolveInsideTheBundle() throws Exception {
        Path bundle = archive("outward-link.tar.gz", List.of(Entry.file("bundle.yaml", MANIFEST),
                Entry.link("rootfs/etc/os-release", "/etc/os-release"), Entry.file("rootfs/.keep", "")));
        BundleHost host = BundleHost.open(bundle, Files.createDirectories(tmp.resolve("scratch-outward")));
        assertThat(host.files().readText("/etc/os-release").isFound()).as("the host's own /etc/os-release is not read").isFalse();
    }

    /** 300 MiB of zeros compress to 300 KiB: unpacking stops at the bound, with the reason. */
    @Test
    void aCompressionBombIsBounded() throws IOException {
        Path a = tmp.resolve("bomb.tar.gz");
        try (OutputStream o = Files.newOutputStream(a); GzipCompressorOutputStream gz = new GzipCompressorOutputStream(o);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            TarArchiveEntry t = new TarArchiveEntry("rootfs/zeros");
            long size = 300L << 20;
            t.setSize(size);
            tar.putArchiveEntry(t);
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.length) {
                tar.write(zeros);
            }
            tar.closeArchiveEntry();
        }
        assertThat(Files.size(a)).isLessThan(2L << 20);
        long t0 = System.nanoTime();
        assertThat(refusal(a)).contains("larger than");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(20);
    }

    @Test
    void deepNestingIsRefused() throws IOException {
        String deep = "rootfs/" + "d/".repeat(200) + "x";
        assertThat(refusal(archive("deep.tar.gz", List.of(Entry.file(deep, "x"))))).contains("nested deeper than");
    }

    @Test
    void notAnArchiveAtAll() throws IOException {
        Path junk = Files.writeString(tmp.resolve("junk.tar.gz"), "this is not gzip");
        assertThat(refusal(junk)).startsWith("cannot unpack");
    }

    /** Found by BundleManifestFuzzTest: a device node recorded without its mode made the replay's stat throw. */
    @Test
    void aDeviceRecordWithoutItsModeIsRefusedWithTheReason() throws IOException {
        Path b = Files.createDirectories(tmp.resolve("no-mode"));
        Files.writeString(b.resolve("bundle.yaml"), MANIFEST + "paths:\n  /dev/nvidia0: {type: char-device}\n");
        Throwable t = catchThrowable(() -> BundleHost.open(b, Files.createDirectories(tmp.resolve("scratch-no-mode"))));
        assertThat(t).isInstanceOf(BundleHost.BundleException.class)
                .hasMessageContaining("a char-device needs its mode as ls -l prints it (crw-rw-rw-), not none")
                .hasMessageContaining("(line ");
    }

    /** Found by BundleManifestFuzzTest: an output file name with a NUL made the replay throw InvalidPathException. */
    @Test
    void anOutputNamedWithANulIsNotReadAndNothingThrows() throws Exception {
        Path b = Files.createDirectories(tmp.resolve("nul"));
        Files.writeString(b.resolve("bundle.yaml"), MANIFEST + "commands:\n- argv: [nvidia-smi]\n  outcome: exited\n"
                + "  exitCode: 0\n  elapsedMs: 1\n  stdout: \"commands/a\\0b\"\npaths:\n  \"/dev/a\\0b\": {status: failed}\n");
        BundleHost h = BundleHost.open(b, Files.createDirectories(tmp.resolve("scratch-nul")));
        dev.gpudoctor.host.CommandResult r = h.commands().run("nvidia-smi");
        assertThat(r.outcome()).isEqualTo(dev.gpudoctor.host.CommandResult.Outcome.NOT_RUN);
        assertThat(r.why()).contains("output path is not a path");
        assertThat(h.files().stat("/dev/a\0b").why()).isEqualTo("the bundle records no reason");
    }

    /** Found by BundleManifestFuzzTest: a path recorded as null made the replay's directory listing throw. */
    @Test
    void aPathRecordedWithoutARecordIsRefused() throws IOException {
        Path b = Files.createDirectories(tmp.resolve("null-path"));
        Files.writeString(b.resolve("bundle.yaml"), MANIFEST + "paths:\n  /dev/nvidia0: null\n");
        Throwable t = catchThrowable(() -> BundleHost.open(b, Files.createDirectories(tmp.resolve("scratch-null-path"))));
        assertThat(t).isInstanceOf(BundleHost.BundleException.class)
                .hasMessageContaining("an entry of environment, paths or elf without a value");
    }
}
