package dev.gpudoctor.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpudoctor.testing.ElfFixtures;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfReaderTest {

    @TempDir
    Path tmp;

    private static ElfDynamic read(Path p) throws Exception {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            return ElfReader.read((offset, length) -> {
                f.seek(offset);
                byte[] b = new byte[length];
                int n = f.read(b);
                return n <= 0 ? new byte[0] : Arrays.copyOf(b, n);
            });
        }
    }

    /** Stands for torch's libtorch_cuda.so: NEEDED libcudnn.so.9 and an RPATH with $ORIGIN (not RUNPATH). */
    @Test
    void readsNeededSonameAndRpathOfTorchShapedLibrary() throws Exception {
        Path cudnn = ElfFixtures.sharedObject(tmp.resolve("libcudnn.so.9"), "libcudnn.so.9", List.of(), null, false);
        Path torch = ElfFixtures.sharedObject(tmp.resolve("libtorch_cuda.so"), "libtorch_cuda.so", List.of(cudnn),
                "$ORIGIN/../../nvidia/cudnn/lib:$ORIGIN", false);
        ElfDynamic d = read(torch);
        assertThat(d.soname()).isEqualTo("libtorch_cuda.so");
        assertThat(d.needed()).containsExactly("libcudnn.so.9");
        assertThat(d.rpath()).containsExactly("$ORIGIN/../../nvidia/cudnn/lib", "$ORIGIN");
        assertThat(d.runpath()).isEmpty();
    }

    /** Stands for the cuDNN wheel's libcudnn_cnn.so.9, which uses RUNPATH. */
    @Test
    void readsRunpath() throws Exception {
        Path lib = ElfFixtures.sharedObject(tmp.resolve("libcudnn_cnn.so.9"), "libcudnn_cnn.so.9", List.of(),
                "$ORIGIN:$ORIGIN/../../cublas/lib", true);
        ElfDynamic d = read(lib);
        assertThat(d.runpath()).containsExactly("$ORIGIN", "$ORIGIN/../../cublas/lib");
        assertThat(d.rpath()).isEmpty();
    }

    @Test
    void refusesNonElfWithReason() throws Exception {
        Path f = Files.writeString(tmp.resolve("libfake.so.1"), "INPUT(-lfoo)\n");
        assertThatThrownBy(() -> read(f)).isInstanceOf(ElfReader.ElfFormatException.class).hasMessage("not an ELF file");
    }

    /** Truncations and random bit flips of a real object give a reason, never an index error. */
    @Test
    void corruptedObjectsNeverThrowAnythingButFormatErrors() throws Exception {
        Path lib = ElfFixtures.sharedObject(tmp.resolve("libx.so.1"), "libx.so.1", List.of(), "$ORIGIN", false);
        byte[] good = Files.readAllBytes(lib);
        Random r = new Random(7);
        int formatErrors = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] bad = i % 2 == 0 ? Arrays.copyOf(good, r.nextInt(good.length)) : good.clone();
            if (i % 2 == 1) {
                for (int k = 0; k < 8; k++) {
                    bad[r.nextInt(Math.min(bad.length, 4096))] = (byte) r.nextInt(256);
                }
            }
            byte[] data = bad;
            try {
                ElfReader.read((offset, length) -> {
                    if (offset >= data.length) {
                        return new byte[0];
                    }
                    return Arrays.copyOfRange(data, (int) offset, (int) Math.min(data.length, offset + length));
                });
            } catch (ElfReader.ElfFormatException e) {
                formatErrors++;
                assertThat(e.getMessage()).isNotBlank();
            }
        }
        assertThat(formatErrors).isGreaterThan(100);
    }

    /**
     * Found by ElfReaderFuzzTest: two header bytes (e_phentsize 65535, e_phnum 4096) made the reader ask
     * for 256 MB, which RootedFiles allocated. glibc refuses any size but the class's own.
     */
    @Test
    void aProgramHeaderSizeOtherThanTheClassOwnIsRefusedBeforeAnythingLargeIsAsked() throws Exception {
        byte[] b = Files.readAllBytes(ElfFixtures.sharedObject(tmp.resolve("libx.so.1"), "libx.so.1", List.of(), null, false));
        b[54] = (byte) 0xff;
        b[55] = (byte) 0xff;
        b[56] = 0x00;
        b[57] = 0x10;
        int[] largest = {0};
        assertThatThrownBy(() -> ElfReader.read((offset, length) -> {
            largest[0] = Math.max(largest[0], length);
            return Arrays.copyOfRange(b, (int) Math.min(offset, b.length), (int) Math.min(offset + length, b.length));
        })).isInstanceOf(ElfReader.ElfFormatException.class).hasMessage("implausible program header table");
        assertThat(largest[0]).isLessThanOrEqualTo(64);
    }
}
