package dev.gpudoctor.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which copies the ladder uses, found the way check finds them. */
class CopyFinderTest {

    @TempDir
    Path tmp;

    /**
     * The real H200 host: torch 2.11.0+cu130 loads cuBLAS and cuDNN from its wheels (not the toolkit's cuBLAS,
     * not the system's cuDNN 9.14), and there are two NVRTCs: the CUDA 13.0 toolkit's and the nvidia-cuda-nvrtc wheel's.
     */
    @Test
    void onTheH200TheCopiesTorchLoadsAndEveryNvrtc() throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle("h200-torch-container"), Files.createDirectories(tmp.resolve("s")));
        Discovery d = Discovery.of(host, List.of());
        LadderPlan p = new CopyFinder(host.files()).choose(d.found(), CopyFinder.Given.none());
        String site = "/opt/torch/.venv/lib/python3.12/site-packages";
        assertThat(p.nvrtc()).extracting(LadderPlan.Copy::path).containsExactly(
                "/usr/local/cuda-13.0/targets/x86_64-linux/lib/libnvrtc.so.13", site + "/nvidia/cu13/lib/libnvrtc.so.13");
        assertThat(p.nvrtc().get(0).foundBy()).isEqualTo("toolkit /usr/local/cuda-13.0");
        assertThat(p.nvrtc().get(0).version()).isEqualTo("13.0.2");
        assertThat(p.nvrtc().get(1).foundBy()).isEqualTo("wheel nvidia-cuda-nvrtc 13.0.88 in /opt/torch/.venv");
        assertThat(p.cublas().path()).isEqualTo(site + "/nvidia/cu13/lib/libcublas.so.13");
        assertThat(p.cublas().foundBy()).startsWith("torch in /opt/torch/.venv loads it (libcublas.so.13 via rpath)");
        assertThat(p.cublas().version()).isEqualTo("13.1.0.3");
        assertThat(p.cudnn().path()).isEqualTo(site + "/nvidia/cudnn/lib/libcudnn.so.9");
        assertThat(p.cudnn().version()).isEqualTo("9.19.0.56");
        assertThat(p.tensorrt()).isNull();
        assertThat(d.system().os().value().prettyName()).startsWith("Ubuntu 24.04");
    }

    /** A build machine with two toolkits and the system's cuDNN, no framework: the newest toolkit's cuBLAS, the newest cuDNN. */
    @Test
    void withoutAFrameworkTheNewestToolkitAndLibrary() throws Exception {
        FakeHost h = new FakeHost(tmp)
                .file("/usr/local/cuda-12.4/version.json", "{\"cuda\": {\"name\": \"CUDA SDK\", \"version\": \"12.4.1\"}}")
                .file("/usr/local/cuda-12.4/targets/x86_64-linux/lib/libcublas.so.12.4.5.8", "")
                .link("/usr/local/cuda-12.4/targets/x86_64-linux/lib/libcublas.so.12", "libcublas.so.12.4.5.8")
                .file("/usr/local/cuda-12.4/targets/x86_64-linux/lib/libnvrtc.so.12", "")
                .file("/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublas.so.13", "")
                .file("/usr/local/cuda-13.0/targets/x86_64-linux/lib/libnvrtc.so.13", "")
                .file("/usr/local/cuda-13.0/include/cuda.h", "#define CUDA_VERSION 13000\n")
                .file("/usr/lib/x86_64-linux-gnu/libcudnn.so.8.9.7", "")
                .file("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.1.0", "");
        Discovery d = Discovery.of(h, List.of());
        LadderPlan p = new CopyFinder(h.files()).choose(d.found(), CopyFinder.Given.none());
        assertThat(p.nvrtc()).extracting(LadderPlan.Copy::path).containsExactly(
                "/usr/local/cuda-13.0/targets/x86_64-linux/lib/libnvrtc.so.13",
                "/usr/local/cuda-12.4/targets/x86_64-linux/lib/libnvrtc.so.12");
        assertThat(p.cublas().path()).isEqualTo("/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcublas.so.13");
        assertThat(p.cublas().foundBy()).isEqualTo("toolkit /usr/local/cuda-13.0");
        assertThat(p.cudnn().path()).isEqualTo("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.1.0");
        assertThat(p.cudnn().foundBy()).startsWith("cuDNN library in /usr/lib/x86_64-linux-gnu");
    }

    /** Copies given on the command line win over what the search finds. */
    @Test
    void givenCopiesReplaceTheChoice() throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle("h200-torch-container"), Files.createDirectories(tmp.resolve("s")));
        LadderPlan p = new CopyFinder(host.files()).choose(Discovery.of(host, List.of()).found(),
                new CopyFinder.Given(List.of("/x/libnvrtc.so.12"), null, "/y/libcudnn.so.9", null));
        assertThat(p.nvrtc()).extracting(LadderPlan.Copy::foundBy).containsExactly("--nvrtc");
        assertThat(p.cudnn().path()).isEqualTo("/y/libcudnn.so.9");
        assertThat(p.cublas().foundBy()).startsWith("torch in /opt/torch/.venv");
    }
}
