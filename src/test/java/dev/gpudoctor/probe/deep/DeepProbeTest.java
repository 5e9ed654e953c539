package dev.gpudoctor.probe.deep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.DeepFacts;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.RootedFiles;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.FakeHost;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeepProbeTest {

    static final String VENV = "/opt/torch/.venv";

    @TempDir
    Path tmp;

    static String script() throws Exception {
        try (InputStream in = DeepProbe.class.getResourceAsStream("deep_probe.py")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private FakeHost venvWithTorch() {
        return new FakeHost(tmp.resolve("root"))
                .file(VENV + "/pyvenv.cfg", "")
                .file(VENV + "/bin/python3", "")
                .file(VENV + "/lib/python3.12/site-packages/torch/version.py",
                        "__version__ = '2.11.0+cu130'\ncuda: Optional[str] = '13.0'\n")
                .file(VENV + "/lib/python3.12/site-packages/torch-2.11.0.dist-info/METADATA", "Name: torch\nVersion: 2.11.0\n")
                .env("PATH", VENV + "/bin:/usr/bin");
    }

    /** The shape of the script's answer on the H200 host: torch 2.11.0+cu130 with the wheel's cuDNN 9.19. */
    @Test
    void readsTheScriptsAnswer() throws Exception {
        String answer = "{\"python\": \"3.12.3\", \"frameworks\": {\"torch\": {\"version\": \"2.11.0+cu130\", "
                + "\"builtForCuda\": \"13.0\", \"cudnn\": 91900, \"cudaAvailable\": true, \"deviceCount\": 1, "
                + "\"devices\": [{\"name\": \"NVIDIA H200\", \"capability\": \"9.0\"}], \"matmulOk\": true, \"convOk\": true}}, "
                + "\"mapped\": [\"" + VENV + "/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9\", "
                + "\"/usr/lib/x86_64-linux-gnu/libc.so.6\", \"/usr/local/nvidia/lib64/libcuda.so.580.159.04\"]}\n";
        FakeHost h = venvWithTorch().command(List.of(VENV + "/bin/python3", "-c", script(), "torch"), 0, answer, "");
        DeepFacts d = new DeepProbe().probe(new ProbeContext(h, List.of(), List.of(), true));
        DeepFacts.Run run = d.runs().value().get(0);
        assertThat(run.torch().value().cudnn()).isEqualTo(91900);
        assertThat(run.torch().value().devices()).containsExactly("NVIDIA H200 (9.0)");
        assertThat(run.mappedCudaLibraries()).containsExactly(
                VENV + "/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9",
                "/usr/local/nvidia/lib64/libcuda.so.580.159.04");
        assertThat(d.summarize().get(0).headline()).isEqualTo("torch 2.11.0+cu130 runs on 1 GPU(s) with cuDNN 9.19.0");
    }

    @Test
    void notAskedMeansNotRunAndNotSummarized() {
        FakeHost h = venvWithTorch();
        DeepFacts d = new DeepProbe().probe(new ProbeContext(h, List.of()));
        assertThat(d.runs().status()).isEqualTo(Status.ABSENT);
        assertThat(d.summarize()).isEmpty();
        assertThat(h.ran()).isEmpty();
    }

    /** An interpreter that hangs (importing torch on a GPU that fell off the bus) or prints garbage is a failed fact. */
    @Test
    void hangsAndGarbageAreFailedFacts() throws Exception {
        List<String> argv = List.of(VENV + "/bin/python3", "-c", script(), "torch");
        FakeHost hung = venvWithTorch().command(argv, CommandResult.timedOut(argv, "", "", 60000));
        assertThat(new DeepProbe().probe(new ProbeContext(hung, List.of(), List.of(), true)).runs().value().get(0)
                .torch().why()).startsWith("timed out after");
        FakeHost garbage = venvWithTorch().command(argv, 0, "Segmentation fault\n", "");
        assertThat(new DeepProbe().probe(new ProbeContext(garbage, List.of(), List.of(), true)).runs().value().get(0)
                .torch().why()).startsWith("the deep probe's output is not JSON");
    }

    /** The script itself, run by this machine's real python3 (which has no torch): valid, and says so. */
    @Test
    void theScriptRunsOnARealInterpreter() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "a python3 at /usr/bin/python3");
        CommandResult r = new ExecCommandRunner(Map.of("PATH", "/usr/bin:/bin"), new RootedFiles(Path.of("/")))
                .run(List.of(python.toString(), "-c", script(), "torch"), Duration.ofSeconds(60));
        assertThat(r.succeeded()).as(r.stderr()).isTrue();
        var json = DeepProbe.parse(r.stdout());
        assertThat(json.isFound()).isTrue();
        assertThat(json.value().path("mapped").size()).isPositive();
        assertThat(json.value().at("/frameworks/torch").isObject()).isTrue();
    }
}
