package dev.gpudoctor.host.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A mounted root (check --root): links resolve inside it, the way the host itself would see them. */
class RootedFilesTest {

    @TempDir
    Path root;

    @Test
    void anAbsoluteLinkResolvesInsideTheRootNotOnThisMachine() throws Exception {
        Files.createDirectories(root.resolve("usr/local/cuda-13.0"));
        Files.writeString(root.resolve("usr/local/cuda-13.0/version.json"), "{\"cuda\":{\"version\":\"13.0.2\"}}");
        Files.createDirectories(root.resolve("etc/alternatives"));
        Files.createSymbolicLink(root.resolve("etc/alternatives/cuda"), Path.of("/usr/local/cuda-13.0"));
        Files.createSymbolicLink(root.resolve("usr/local/cuda"), Path.of("/etc/alternatives/cuda"));
        RootedFiles files = new RootedFiles(root);
        assertThat(files.readText("/usr/local/cuda/version.json").value()).contains("13.0.2");
        assertThat(files.realPath("/usr/local/cuda/version.json").value()).isEqualTo("/usr/local/cuda-13.0/version.json");
    }

    @Test
    void aLinkLoopIsAFailedFactNotAHang() throws Exception {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        Fact<String> r = new RootedFiles(root).readText("/a");
        assertThat(r.status()).isEqualTo(Status.FAILED);
        assertThat(r.why()).isEqualTo("too many levels of symbolic links");
    }

    @Test
    void aFileUsedAsADirectoryIsAbsentWithThatReason() throws Exception {
        Files.writeString(root.resolve("version.txt"), "CUDA Version 13.0.2");
        Fact<String> r = new RootedFiles(root).readText("/version.txt/x");
        assertThat(r.status()).isEqualTo(Status.ABSENT);
        assertThat(r.why()).isEqualTo("not a directory: /version.txt");
    }

    /**
     * Found by ElfReaderFuzzTest: a dynamic section that claims 1 MB in a file of 14 KB had RootedFiles
     * allocate the 1 MB; it reads no more than the file holds.
     */
    @Test
    void anElfReadAllocatesNoMoreThanTheFileHolds() throws Exception {
        Path lib = dev.gpudoctor.testing.ElfFixtures.sharedObject(root.resolve("lib/libx.so.1"), "libx.so.1", List.of(), null, false);
        byte[] b = Files.readAllBytes(lib);
        java.nio.ByteBuffer h = java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int phoff = (int) h.getLong(32);
        for (int i = 0; i < Short.toUnsignedInt(h.getShort(56)); i++) {
            if (h.getInt(phoff + i * 56) == 2) {
                h.putLong(phoff + i * 56 + 32, (1 << 20) - 1); // PT_DYNAMIC's p_filesz
            }
        }
        Files.write(lib, b);
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        Fact<?> f = new RootedFiles(root).elf("/lib/libx.so.1");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(f.why()).isEqualTo("dynamic section truncated (file too short)");
        assertThat(allocated).isLessThan(512 * 1024);
    }

    /** Found by BundleManifestFuzzTest: paths come from file contents, and Path.resolve throws on a NUL. */
    @Test
    void aPathWithANulIsAFailedFactNotAnException() {
        RootedFiles files = new RootedFiles(root);
        for (Fact<?> f : List.of(files.readText("/etc/a\0b"), files.stat("/etc/a\0b"), files.list("/a\0"),
                files.realPath("/x\0"), files.elf("/lib/\0.so"))) {
            assertThat(f.status()).isEqualTo(Status.FAILED);
            assertThat(f.why()).isEqualTo("not a path: it holds a NUL character");
        }
    }
}
