package dev.gpudoctor.probe.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.LibraryCopy;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverProbeTest {

    @TempDir
    Path dir;

    @Test
    void h200ContainerHasOneInjectedDriverAndTheCompatCopyIsNotIt() {
        Host h = H200Fixture.build(dir);
        DriverFacts d = new DriverProbe().probe(new ProbeContext(h));

        List<LibraryCopy> libcuda = d.libcuda().value();
        assertThat(libcuda).extracting(LibraryCopy::realPath)
                .containsExactly("/usr/local/nvidia/lib64/libcuda.so.580.159.04");
        assertThat(libcuda.get(0).version()).hasToString("580.159.04");
        assertThat(libcuda.get(0).foundBy()).contains("/usr/local/nvidia/lib64");
        assertThat(d.libnvidiaMl().value()).extracting(c -> c.version().toString()).containsExactly("580.159.04");
        assertThat(d.smiVersion().value().driver()).hasToString("580.159.04");
        assertThat(d.smi().value().gpus()).extracting(g -> g.name()).containsExactly("NVIDIA H200");
        assertThat(d.smi().evidence()).anyMatch(e -> e.where().equals("nvidia-smi -q -x"));
    }

    @Test
    void nvidiaSmiRunsWithItsOwnTimeout() {
        Host h = H200Fixture.build(dir);
        Duration[] seen = new Duration[1];
        dev.gpudoctor.host.Host host = new dev.gpudoctor.host.Host() {
            public dev.gpudoctor.host.HostFiles files() {
                return h.files();
            }

            public dev.gpudoctor.host.CommandRunner commands() {
                return (argv, timeout) -> {
                    seen[0] = timeout;
                    return CommandResult.notFound(argv, "not here");
                };
            }

            public dev.gpudoctor.host.Environment environment() {
                return h.environment();
            }

            public dev.gpudoctor.host.NativeLibraries natives() {
                return h.natives();
            }

            public String description() {
                return "H200 with a recording command runner";
            }

            public boolean isLive() {
                return false;
            }
        };
        new DriverProbe().probe(new ProbeContext(host));
        assertThat(seen[0]).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void toolkitButNoDriver() {
        // A build machine: CUDA toolkit installed, no libcuda anywhere, nvidia-smi not installed.
        FakeHost h = new FakeHost(dir).file("/usr/local/cuda-12.4/lib64/libcudart.so.12.4.127", "")
                .file("/usr/local/cuda-12.4/lib64/stubs/libcuda.so", "")
                .file("/etc/ld.so.conf.d/cuda.conf", "/usr/local/cuda-12.4/lib64\n")
                .file("/etc/ld.so.conf", "include /etc/ld.so.conf.d/*.conf\n");
        DriverFacts d = new DriverProbe().probe(new ProbeContext(h));
        assertThat(d.libcuda().status()).isEqualTo(Status.ABSENT);
        assertThat(d.libcuda().why()).isEqualTo("no copy in the library directories");
        assertThat(d.smi().status()).isEqualTo(Status.ABSENT);
        assertThat(d.smiVersion().status()).isEqualTo(Status.ABSENT);
        assertThat(d.summarize().get(0).headline()).contains("no user-space driver");
    }

    @Test
    void nvidiaSmiThatCannotTalkToTheDriver() {
        String msg = "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. "
                + "Make sure that the latest NVIDIA driver is installed and running.";
        FakeHost h = new FakeHost(dir)
                .command(List.of("nvidia-smi", "-q", "-x"), 9, "", msg)
                .command(List.of("nvidia-smi", "--version"), 9, "", msg);
        DriverFacts d = new DriverProbe().probe(new ProbeContext(h));
        assertThat(d.smi().status()).isEqualTo(Status.FAILED);
        assertThat(d.smi().why()).startsWith("exited 9").contains("couldn't communicate with the NVIDIA driver");
    }

    @Test
    void nvidiaSmiThatHangs() {
        FakeHost h = new FakeHost(dir).command(List.of("nvidia-smi", "-q", "-x"),
                CommandResult.timedOut(List.of("nvidia-smi", "-q", "-x"), "", "", 10_000));
        DriverFacts d = new DriverProbe().probe(new ProbeContext(h));
        assertThat(d.smi().status()).isEqualTo(Status.FAILED);
        assertThat(d.smi().why()).contains("timed out");
    }

    @Test
    void compatDirectoryOnTheLinkerPathIsStillNotTheDriver() {
        FakeHost h = new FakeHost(dir)
                .file("/etc/ld.so.conf", "/usr/local/cuda-12.8/compat\n")
                .file("/usr/local/cuda-12.8/compat/libcuda.so.570.124.06", "")
                .link("/usr/local/cuda-12.8/compat/libcuda.so.1", "libcuda.so.570.124.06")
                .file("/usr/lib/x86_64-linux-gnu/libcuda.so.550.54.15", "")
                .link("/usr/lib/x86_64-linux-gnu/libcuda.so.1", "libcuda.so.550.54.15");
        DriverFacts d = new DriverProbe().probe(new ProbeContext(h));
        assertThat(d.libcuda().value()).extracting(c -> c.version().toString()).containsExactly("550.54.15");
    }
}
