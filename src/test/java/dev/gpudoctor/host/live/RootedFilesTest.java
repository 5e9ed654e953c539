package dev.gpudoctor.host.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import java.nio.file.Files;
import java.nio.file.Path;
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
}
