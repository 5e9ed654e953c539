package dev.gpudoctor.probe.libs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.CopiesFacts;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.CudaDriverReport;
import dev.gpudoctor.host.Environment;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.LibraryAnswer;
import dev.gpudoctor.host.NativeLibraries;
import dev.gpudoctor.host.NvmlReport;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which copies the probe asks on the H200 host, and that it asks nothing without --deep. */
class CopiesProbeTest {

    @TempDir
    Path dir;

    /** The H200 host whose native layer answers every copy with the version its file name or wheel says. */
    private Host h200Answering(List<String> asked) {
        Host h = H200Fixture.build(dir);
        NativeLibraries natives = new NativeLibraries() {
            public Fact<String> availability() {
                return Fact.found("test");
            }

            public Fact<NvmlReport> nvml(Duration d) {
                return Fact.absent("not asked");
            }

            public Fact<CudaDriverReport> cudaDriver(Duration d) {
                return Fact.absent("not asked");
            }

            public Fact<LibraryAnswer> askLibrary(String path, Duration d) {
                asked.add(path);
                return path.contains("libcudnn.so.9.14") ? Fact.failed("libcudnn_graph.so.9: cannot open shared object file")
                        : Fact.found(new LibraryAnswer(path, "x", null, "1.0", path));
            }
        };
        return new Host() {
            public HostFiles files() {
                return h.files();
            }

            public CommandRunner commands() {
                return h.commands();
            }

            public Environment environment() {
                return h.environment();
            }

            public NativeLibraries natives() {
                return natives;
            }

            public String description() {
                return h.description();
            }

            public boolean isLive() {
                return false;
            }
        };
    }

    @Test
    void asksTheCopiesTorchLoadsAndTheToolkitsAndSystemCopies() {
        List<String> asked = new ArrayList<>();
        CopiesFacts c = new CopiesProbe().probe(new ProbeContext(h200Answering(asked), List.of(), List.of(), true));
        String site = "/opt/torch/.venv/lib/python3.12/site-packages";
        assertThat(asked).contains(site + "/nvidia/cudnn/lib/libcudnn.so.9", site + "/nvidia/cu13/lib/libcudart.so.13",
                site + "/nvidia/cu13/lib/libcublas.so.13", "/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcudart.so.13.0.96",
                "/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0").doesNotHaveDuplicates();
        assertThat(c.summarize().get(0).health()).as("the broken copy is the system's, which nothing loads")
                .isEqualTo(dev.gpudoctor.fact.section.AreaLine.Health.INFO);
    }

    @Test
    void withoutDeepNothingIsLoaded() {
        List<String> asked = new ArrayList<>();
        CopiesFacts c = new CopiesProbe().probe(new ProbeContext(h200Answering(asked), List.of()));
        assertThat(asked).isEmpty();
        assertThat(c.copies().status()).isEqualTo(Status.ABSENT);
        assertThat(c.summarize()).isEmpty();
    }
}
