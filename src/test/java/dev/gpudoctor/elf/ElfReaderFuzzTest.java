package dev.gpudoctor.elf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.live.RootedFiles;
import dev.gpudoctor.testing.ElfFixtures;
import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken ELF files never crash the reader, nor make it allocate far more than the
 * file holds: each mutated library is written under a root and read through RootedFiles.elf, the
 * path every probe takes, so that the reads are the real file reads with their real buffers.
 */
class ElfReaderFuzzTest {

    @TempDir
    Path tmp;

    @Test
    void mutatedSharedObjects() throws Exception {
        List<byte[]> seeds = new ArrayList<>();
        // torch's shape (NEEDED and an $ORIGIN RPATH) and the cuDNN wheel's (RUNPATH), built with gcc as ElfReaderTest does.
        Path cudnn = ElfFixtures.sharedObject(tmp.resolve("seeds/libcudnn.so.9"), "libcudnn.so.9", List.of(), null, false);
        seeds.add(Files.readAllBytes(cudnn));
        seeds.add(Files.readAllBytes(ElfFixtures.sharedObject(tmp.resolve("seeds/libtorch_cuda.so"), "libtorch_cuda.so",
                List.of(cudnn), "$ORIGIN/../../nvidia/cudnn/lib:$ORIGIN", false)));
        seeds.add(Files.readAllBytes(ElfFixtures.sharedObject(tmp.resolve("seeds/libcudnn_cnn.so.9"), "libcudnn_cnn.so.9",
                List.of(), "$ORIGIN:$ORIGIN/../../cublas/lib", true)));
        // A library as a distribution links it: the running JDK's launcher library.
        Path jli = Path.of(System.getProperty("java.home"), "lib", "libjli.so");
        if (Files.isRegularFile(jli)) {
            seeds.add(Files.readAllBytes(jli));
        }
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path lib = Files.createDirectories(root.resolve("usr/lib")).resolve("libfuzz.so.1");
        RootedFiles files = new RootedFiles(root);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // Overwritten in place: truncating and rewriting a file per input cost 2-3 ms on this disk.
        try (RandomAccessFile out = new RandomAccessFile(lib.toFile(), "rw")) {
            var s = Fuzz.run("ElfReader", new Mutator(seeds), in -> {
                out.seek(0);
                out.write(in);
                out.setLength(in.length);
                long before = threads.getCurrentThreadAllocatedBytes();
                String outcome = Fuzz.outcome(files.elf("/usr/lib/libfuzz.so.1"));
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                // Header fields are lengths: believed, a 69 KB file made the reader allocate 256 MB.
                if (allocated > 4L * in.length + (1 << 20)) {
                    throw new AssertionError("allocated " + allocated + " bytes to read a file of " + in.length);
                }
                return outcome;
            });
            assertThat(s.count("found")).isPositive();
            assertThat(s.count("failed")).isPositive();
        }
    }
}
