package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The H200 capture with one identifying value of each kind planted where a real host has it: the
 * GPU's UUID and board serial in nvidia-smi's output, a user's home in CUDA_HOME, the kernel's
 * build user@host and a MAC address in its banner, an NFS server's IP address in LD_LIBRARY_PATH. Without redaction they reach the
 * outputs (so this test can fail); with it, none of them is in any format or anywhere in a bundle,
 * and the redacted bundle still replays.
 */
class RedactionTest {

    static final List<String> PLANTED = List.of("09fe5b22-e673-3219-b750-0597bbf92e45", "1652824181185", "alice",
            "gpu-node-17", "10.20.30.40", "3c:ec:ef:12:34:56");

    @TempDir
    Path tmp;

    Path host;

    @BeforeEach
    void plant() throws Exception {
        host = tmp.resolve("planted");
        copy(Fixtures.bundle("h200-torch-container"), host);
        Path xml = host.resolve("commands/nvidia-smi-q-x.xml");
        Files.writeString(xml, Files.readString(xml).replace("<serial>REDACTED</serial>", "<serial>1652824181185</serial>"));
        Files.writeString(host.resolve("rootfs/proc/version"), "Linux version 6.8.0-51-generic (alice@gpu-node-17.corp.example) "
                + "(gcc 13.2.0) #52-Ubuntu SMP eth0 3c:ec:ef:12:34:56\n");
        Path manifest = host.resolve("bundle.yaml");
        Files.writeString(manifest, Files.readString(manifest).replace("CUDA_HOME: '/usr/local/cuda'", "CUDA_HOME: '/home/alice/cuda'")
                .replace("LD_LIBRARY_PATH: '", "LD_LIBRARY_PATH: '/net/10.20.30.40/cuda/lib64:"));
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(t, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t);
                }
            }
        }
    }

    @Test
    void plantedValuesReachTheOutputsWithoutRedaction() {
        String json = Cli.run("check", "--from", host.toString(), "--format", "json").out();
        assertThat(json).contains("09fe5b22-e673-3219-b750-0597bbf92e45", "alice", "gpu-node-17", "10.20.30.40", "3c:ec:ef:12:34:56");
        assertThat(Cli.run("check", "--from", host.toString(), "--format", "markdown", "--no-redact").out()).contains("alice");
    }

    @Test
    void noPlantedValueInAnyRedactedFormat() {
        for (List<String> args : List.of(List.of("--format", "json", "--redact"), List.of("--format", "text", "-v", "--redact"),
                List.of("--format", "markdown"))) {
            List<String> argv = new java.util.ArrayList<>(List.of("check", "--from", host.toString()));
            argv.addAll(args);
            Cli.Run r = Cli.run(argv.toArray(String[]::new));
            assertThat(r.out()).as(String.join(" ", args)).isNotBlank();
            for (String planted : PLANTED) {
                assertThat(r.out().toLowerCase()).as(args + " " + planted).doesNotContain(planted);
            }
        }
    }

    /** capture redacts by default: no planted value in any file or file name, and the bundle replays to the same GPU. */
    @Test
    void aCaptureIsRedactedThroughoutAndStillReplays() throws Exception {
        Path bundle = tmp.resolve("shared.tar.gz");
        Cli.Run c = Cli.run("capture", "--from", host.toString(), "-o", bundle.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        Path unpacked = BundleHost.open(bundle, Files.createDirectories(tmp.resolve("unpacked"))).folder();
        try (Stream<Path> walk = Files.walk(unpacked)) {
            for (Path p : walk.toList()) {
                String name = unpacked.relativize(p).toString();
                String content = Files.isRegularFile(p) ? new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).toLowerCase() : "";
                for (String planted : PLANTED) {
                    assertThat(name).doesNotContain(planted);
                    assertThat(content).as(name + " holds " + planted).doesNotContain(planted);
                }
            }
        }
        assertThat(Files.readString(unpacked.resolve("bundle.yaml"))).contains("redacted by gpu-doctor capture");
        Cli.Run replay = Cli.run("check", "--from", bundle.toString(), "--format", "json");
        assertThat(replay.out()).contains("\"name\" : \"NVIDIA H200\"", "GPU-00000000-0000-4000-8000-000000000001")
                .containsPattern("\"value\" : \"/home/user[0-9]+/cuda\"");

        Path kept = tmp.resolve("kept.tar.gz");
        assertThat(Cli.run("capture", "--from", host.toString(), "--no-redact", "-o", kept.toString()).exit()).isZero();
        Path keptDir = BundleHost.open(kept, Files.createDirectories(tmp.resolve("kept"))).folder();
        assertThat(Files.readString(keptDir.resolve("bundle.yaml"))).contains("/home/alice/cuda");
    }
}
