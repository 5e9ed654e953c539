package dev.gpudoctor.host.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.host.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real command runner on this machine: every ending is its own kind of result. */
class ExecCommandRunnerTest {

    @TempDir
    Path tmp;

    private ExecCommandRunner runner(String path) {
        // The scripts themselves need sleep and head from the system.
        return new ExecCommandRunner(Map.of("PATH", path + ":/usr/bin:/bin", "LC_ALL", "de_DE.UTF-8"),
                new RootedFiles(Path.of("/")));
    }

    private Path script(String name, String body) throws Exception {
        Path p = tmp.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    /** Stands for nvidia-smi on a GPU that fell off the bus: it hangs, and is killed at its timeout. */
    @Test
    void aHangingCommandIsKilledAtItsTimeout() throws Exception {
        script("nvidia-smi", "sleep 30");
        long t0 = System.nanoTime();
        CommandResult r = runner(tmp.toString()).run(List.of("nvidia-smi", "-q", "-x"), Duration.ofMillis(400));
        double ms = (System.nanoTime() - t0) / 1e6;
        assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.TIMED_OUT);
        assertThat(ms).isLessThan(3000);
        assertThat(r.stdoutFact().status()).isEqualTo(Status.FAILED);
        assertThat(r.stdoutFact().why()).startsWith("timed out after");
    }

    /** Stands for nvidia-smi without a driver: exit 9 and its message, kept as a failed fact. */
    @Test
    void aFailingCommandKeepsItsExitCodeAndStderr() throws Exception {
        script("nvidia-smi", "echo \"NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.\" >&2; exit 9");
        CommandResult r = runner(tmp.toString()).run("nvidia-smi");
        assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.EXITED);
        assertThat(r.exitCode()).isEqualTo(9);
        assertThat(r.stdoutFact().why()).isEqualTo(
                "exited 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.");
    }

    @Test
    void aMissingProgramIsNotFoundWithoutStartingAnything() {
        CommandResult r = runner(tmp.toString()).run("gpu-doctor-no-such-program");
        assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.NOT_FOUND);
        assertThat(r.stdoutFact().status()).isEqualTo(Status.ABSENT);
        assertThat(r.why()).isEqualTo("gpu-doctor-no-such-program not found on PATH");
    }

    @Test
    void aProgramThatCannotStartSaysWhy() throws Exception {
        Path p = tmp.resolve("nvcc");
        Files.writeString(p, "not executable");
        CommandResult r = runner(tmp.toString()).run("nvcc", "--version");
        assertThat(r.outcome()).isEqualTo(CommandResult.Outcome.FAILED_TO_START);
        assertThat(r.why()).isNotBlank();
    }

    /** Output is parsed, so the locale is forced to C whatever the caller's environment says. */
    @Test
    void commandsRunWithLcAllC() throws Exception {
        script("show-locale", "echo \"$LC_ALL $LANG\"");
        CommandResult r = runner(tmp.toString()).run("show-locale");
        assertThat(r.stdout()).isEqualTo("C C\n");
    }

    /** Arguments are passed as argv, never through a shell. */
    @Test
    void argumentsAreNotInterpretedByAShell() throws Exception {
        script("echo-args", "for a in \"$@\"; do echo \"[$a]\"; done");
        CommandResult r = runner(tmp.toString()).run("echo-args", "a b", "$(id)", ";rm -rf /");
        assertThat(r.stdout()).isEqualTo("[a b]\n[$(id)]\n[;rm -rf /]\n");
    }

    @Test
    void runawayOutputIsBounded() throws Exception {
        script("flood", "head -c 20000000 /dev/zero");
        CommandResult r = runner(tmp.toString()).run(List.of("flood"), Duration.ofSeconds(20));
        assertThat(r.stdout().length()).isLessThan(ExecCommandRunner.MAX_OUTPUT_BYTES + 100);
        assertThat(r.stdout()).endsWith("[output truncated at " + ExecCommandRunner.MAX_OUTPUT_BYTES + " bytes]");
    }
}
