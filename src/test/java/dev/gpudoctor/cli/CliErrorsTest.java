package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gives a clear message and the documented exit code, never a stack trace. */
class CliErrorsTest {

    @TempDir
    Path tmp;

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Run r = Cli.run("check", "--frobnicate");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("Unknown option: '--frobnicate'").doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void rootAndFromTogetherIsAUsageError() {
        Cli.Run r = Cli.run("check", "--root", tmp.toString(), "--from", tmp.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("mutually exclusive");
    }

    @Test
    void missingBundleCouldNotRun() {
        Cli.Run r = Cli.run("check", "--from", tmp.resolve("nope.tar.gz").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("no such bundle").doesNotContain("at dev.gpudoctor");
    }

    @Test
    void folderWithoutManifestIsNotABundle() {
        Cli.Run r = Cli.run("check", "--from", tmp.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("is not a gpu-doctor bundle");
    }

    /** A corrupt bundle.yaml names the problem and its line; -x adds the stack trace. */
    @Test
    void corruptManifestNamesTheLineAndTraceOnlyWithX() throws Exception {
        Files.writeString(tmp.resolve("bundle.yaml"), "format: gpu-doctor-bundle\nformatVersion: [1\n");
        Cli.Run r = Cli.run("check", "--from", tmp.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("bundle.yaml is not valid").contains("line").doesNotContain("\tat ");
        Cli.Run x = Cli.run("check", "-x", "--from", tmp.toString());
        assertThat(x.err()).contains("\tat ");
    }

    @Test
    void newerBundleFormatIsRefused() throws Exception {
        Files.writeString(tmp.resolve("bundle.yaml"), "format: gpu-doctor-bundle\nformatVersion: 9\n");
        Cli.Run r = Cli.run("check", "--from", tmp.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("bundle format version 9");
    }

    @Test
    void garbageArchiveCouldNotRun() throws Exception {
        Path f = Files.writeString(tmp.resolve("x.tar.gz"), "this is not gzip");
        Cli.Run r = Cli.run("check", "--from", f.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("cannot unpack");
    }

    @Test
    void rootThatIsNotAFolderCouldNotRun() {
        Cli.Run r = Cli.run("check", "--root", tmp.resolve("missing").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("is not a directory");
    }

    @Test
    void captureRefusesAnExistingOutputAndWritesNothing() throws Exception {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Cli.Run r = Cli.run("capture", "--root", tmp.toString(), "-o", out.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("already exists");
    }

    @Test
    void versionNamesTheTool() {
        Cli.Run r = Cli.run("--version");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("gpu-doctor ");
    }
}
