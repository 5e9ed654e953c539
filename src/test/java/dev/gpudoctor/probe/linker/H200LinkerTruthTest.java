package dev.gpudoctor.probe.linker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linker emulation against the ground truth of the H200 host: the shared objects a real torch
 * process had mapped after a GEMM and a conv (torch-loaded-libs.txt). PyTorch's own collect_env on
 * the same host named the system cuDNN 9.14.0; the process really loaded the wheel's 9.19.
 */
class H200LinkerTruthTest {

    @TempDir
    Path dir;

    @Test
    void everyLibraryTorchResolvesToIsOneTheRealProcessMapped() {
        List<String> mapped = H200Fixture.sample("/samples/h200/commands/torch-loaded-libs.txt").lines()
                .filter(l -> l.startsWith("/")).toList();
        LinkerFacts facts = new LinkerProbe().probe(new ProbeContext(H200Fixture.build(dir)));

        LinkerFacts.Resolution torch = facts.resolutions().value().stream()
                .filter(r -> r.framework().equals("torch")).findFirst().orElseThrow();
        assertThat(torch.dependencies()).extracting(LinkerFacts.Dependency::soname)
                .contains("libcudnn.so.9", "libcudart.so.13", "libcublas.so.13", "libnccl.so.2", "libcuda.so.1");
        for (LinkerFacts.Dependency d : torch.dependencies()) {
            assertThat(mapped).as(d.soname() + " resolved to " + d.resolvedPath()).contains(d.resolvedPath());
        }
        LinkerFacts.Dependency cudnn = torch.dependencies().stream()
                .filter(d -> d.soname().equals("libcudnn.so.9")).findFirst().orElseThrow();
        assertThat(cudnn.version()).hasToString("9.19.0.56");
        assertThat(cudnn.shadowed()).extracting(c -> c.version().toString()).containsExactly("9.14.0");
    }

    @Test
    void collectEnvNamedTheCopyTorchDoesNotLoad() {
        String collectEnv = H200Fixture.sample("/samples/h200/commands/torch-collect-env.txt");
        assertThat(collectEnv).contains("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0");
        LinkerFacts facts = new LinkerProbe().probe(new ProbeContext(H200Fixture.build(dir)));
        assertThat(facts.summarize().get(0).headline())
                .isEqualTo("torch loads cuDNN 9.19.0.56 from the nvidia-cudnn-cu13 wheel; "
                        + "not used: /usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0 (9.14.0)");
    }
}
