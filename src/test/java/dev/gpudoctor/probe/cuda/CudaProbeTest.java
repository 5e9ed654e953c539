package dev.gpudoctor.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.CudaFacts.Toolkit;
import dev.gpudoctor.fact.section.VersionClaim;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CudaProbeTest {

    @TempDir
    Path dir;

    @Test
    void h200ToolkitIs1302WithNvccAndCudartSideBySide() {
        Host h = H200Fixture.build(dir);
        CudaFacts c = new CudaProbe().probe(new ProbeContext(h));

        assertThat(c.toolkits().value()).hasSize(1);
        Toolkit t = c.toolkits().value().get(0);
        assertThat(t.home()).isEqualTo("/usr/local/cuda-13.0");
        assertThat(t.version()).as("from the cuda-libraries/cuda-compiler packages: CUDA 13 has no version.json")
                .hasToString("13.0.2");
        assertThat(t.claim("nvcc")).hasValueSatisfying(v -> assertThat(v).hasToString("13.0.88"));
        assertThat(t.claim("cudart")).hasValueSatisfying(v -> assertThat(v).hasToString("13.0.96"));
        assertThat(t.claim("cuda.h CUDA_VERSION")).hasValueSatisfying(v -> assertThat(v).hasToString("13.0"));
        assertThat(t.claims()).extracting(VersionClaim::source)
                .contains("/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcudart.so.13.0.96",
                        "/usr/local/cuda-13.0/bin/nvcc --version");
        assertThat(t.claims()).anyMatch(x -> x.source().contains("cuda-cudart-13-0") && x.version().toString().equals("13.0.96"));
        assertThat(t.foundBy()).contains("/usr/local/cuda", "/usr/local/cuda-13", "/usr/local/cuda-13.0", "CUDA_HOME",
                "dpkg cuda-cudart-13-0");
        assertThat(t.foundBy()).anyMatch(s -> s.startsWith("nvcc on PATH"));

        assertThat(c.defaultToolkitLink().value()).isEqualTo("/usr/local/cuda-13.0");
        assertThat(c.cudaHomeVariable().value()).isEqualTo("/usr/local/cuda");
        assertThat(c.nvccOnPath().value()).isEqualTo("/usr/local/cuda/bin/nvcc");
        assertThat(c.forwardCompat().value()).singleElement().satisfies(l -> {
            assertThat(l.version()).hasToString("580.95.05");
            assertThat(l.realPath()).isEqualTo("/usr/local/cuda-13.0/compat/libcuda.so.580.95.05");
        });
        assertThat(c.summarize().get(0).headline()).contains("toolkit 13.0.2 (nvcc 13.0.88, cudart 13.0.96)");
    }

    @Test
    void twoToolkitsWithTheDefaultLinkOnTheOlderOne() {
        FakeHost h = new FakeHost(dir)
                .file("/usr/local/cuda-12.4/version.json", "{\"cuda\":{\"name\":\"CUDA SDK\",\"version\":\"12.4.1\"},"
                        + "\"cuda_nvcc\":{\"name\":\"CUDA NVCC\",\"version\":\"12.4.131\"}}")
                .file("/usr/local/cuda-12.4/bin/nvcc", "")
                .file("/usr/local/cuda-12.8/version.json", "{\"cuda\":{\"name\":\"CUDA SDK\",\"version\":\"12.8.0\"}}")
                .link("/usr/local/cuda", "cuda-12.4")
                .env("PATH", "/usr/local/cuda-12.8/bin:/usr/bin")
                .command(List.of("/usr/local/cuda-12.4/bin/nvcc", "--version"), 0,
                        "Cuda compilation tools, release 12.4, V12.4.131\n", "");
        CudaFacts c = new CudaProbe().probe(new ProbeContext(h));
        assertThat(c.toolkits().value()).extracting(Toolkit::home, x -> x.version().toString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/usr/local/cuda-12.4", "12.4.1"),
                        org.assertj.core.groups.Tuple.tuple("/usr/local/cuda-12.8", "12.8.0"));
        assertThat(c.defaultToolkitLink().value()).isEqualTo("/usr/local/cuda-12.4");
        assertThat(c.toolkits().value().get(0).claim("nvcc")).hasValueSatisfying(v -> assertThat(v).hasToString("12.4.131"));
        assertThat(c.nvccOnPath().status()).as("12.8 has no bin/nvcc here").isEqualTo(Status.ABSENT);
        assertThat(c.cudaHomeVariable().status()).isEqualTo(Status.ABSENT);
        assertThat(c.forwardCompat().status()).isEqualTo(Status.ABSENT);
    }

    @Test
    void noToolkitAtAll() {
        CudaFacts c = new CudaProbe().probe(new ProbeContext(new FakeHost(dir).dir("/usr/local/bin")));
        assertThat(c.toolkits().status()).isEqualTo(Status.ABSENT);
        assertThat(c.defaultToolkitLink().status()).isEqualTo(Status.ABSENT);
        assertThat(c.summarize().get(0).headline()).isEqualTo("no CUDA toolkit installed");
    }

    @Test
    void versionTxtOfAnOldToolkitAndNvccAsTheLastWord() {
        FakeHost h = new FakeHost(dir)
                .file("/usr/local/cuda-10.2/version.txt", "CUDA Version 10.2.89\n")
                .file("/opt/cuda-13/bin/nvcc", "")
                .env("CUDA_PATH", "/opt/cuda-13")
                .command(List.of("/opt/cuda-13/bin/nvcc", "--version"), 0, H200Fixture.sample("commands/nvcc-version.txt"), "");
        List<Toolkit> t = new CudaProbe().probe(new ProbeContext(h)).toolkits().value();
        assertThat(t).extracting(x -> x.home() + " " + x.version())
                .containsExactly("/usr/local/cuda-10.2 10.2.89", "/opt/cuda-13 13.0");
    }
}
