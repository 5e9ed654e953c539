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
                + "\"builtForCuda\": \"13.0\", \"cudnn\": 91900, \"gpuUsable\": true, "
                + "\"devices\": [{\"name\": \"NVIDIA H200\", \"capability\": \"9.0\"}], \"checks\": {\"matmul\": true, \"conv\": true}}}, "
                + "\"mapped\": [\"" + VENV + "/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9\", "
                + "\"/usr/lib/x86_64-linux-gnu/libc.so.6\", \"/usr/local/nvidia/lib64/libcuda.so.580.159.04\"]}\n";
        FakeHost h = venvWithTorch().command(List.of(VENV + "/bin/python3", "-c", script(), "torch"), 0, answer,
                "a warning nobody needs when all went well\n");
        DeepFacts d = new DeepProbe().probe(new ProbeContext(h, List.of(), List.of(), true));
        DeepFacts.Run run = d.runs().value().get(0);
        assertThat(run.framework()).isEqualTo("torch");
        assertThat(run.answer().value().cudnn()).hasToString("9.19.0");
        assertThat(run.answer().value().devices()).containsExactly("NVIDIA H200 (9.0)");
        assertThat(run.mappedCudaLibraries()).containsExactly(
                VENV + "/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9",
                "/usr/local/nvidia/lib64/libcuda.so.580.159.04");
        assertThat(run.messages()).as("stderr is kept only when something went wrong").isEmpty();
        assertThat(d.summarize().get(0).headline()).isEqualTo("torch 2.11.0+cu130 runs on 1 GPU(s) with cuDNN 9.19.0");
    }

    /**
     * An environment with torch, TensorFlow, JAX with its CUDA plugin and onnxruntime-gpu: each is
     * imported in a process of its own, so that each reports the copies it loads itself.
     */
    @Test
    void eachFrameworkRunsInItsOwnProcess() throws Exception {
        String site = VENV + "/lib/python3.12/site-packages/";
        FakeHost h = venvWithTorch()
                .file(site + "tensorflow-2.18.0.dist-info/METADATA", "Name: tensorflow\nVersion: 2.18.0\n")
                .file(site + "jax-0.4.35.dist-info/METADATA", "Name: jax\nVersion: 0.4.35\n")
                .file(site + "jax_cuda12_plugin-0.4.35.dist-info/METADATA", "Name: jax-cuda12-plugin\nVersion: 0.4.35\n")
                .file(site + "onnxruntime_gpu-1.20.1.dist-info/METADATA", "Name: onnxruntime-gpu\nVersion: 1.20.1\n");
        for (String fw : List.of("torch", "tensorflow", "jax")) {
            h.command(List.of(VENV + "/bin/python3", "-c", script(), fw), 0, "{\"frameworks\": {\"" + fw
                    + "\": {\"error\": \"not importable: No module named '" + fw + "'\"}}, \"mapped\": []}\n", "");
        }
        // onnxruntime-gpu 1.20 without the CUDA 12 libraries it needs: the session quietly falls back to the CPU.
        h.command(List.of(VENV + "/bin/python3", "-c", script(), "onnxruntime"), 0,
                "{\"frameworks\": {\"onnxruntime\": {\"version\": \"1.20.1\", \"device\": \"GPU\", \"builtForCuda\": \"12.2\", "
                        + "\"builtForCudnn\": \"9\", \"availableProviders\": [\"CUDAExecutionProvider\", \"CPUExecutionProvider\"], "
                        + "\"providers\": [\"CPUExecutionProvider\"], \"gpuUsable\": false}}, \"mapped\": [\"" + site
                        + "onnxruntime/capi/libonnxruntime_providers_cuda.so\"]}\n",
                "2026-11-26 08:00:00.0 [E:onnxruntime:Default, provider_bridge_ort.cc:1862 TryGetProviderInfo_CUDA] "
                        + "Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: cannot open "
                        + "shared object file: No such file or directory\n");
        DeepFacts d = new DeepProbe().probe(new ProbeContext(h, List.of(), List.of(), true));
        assertThat(d.runs().value()).extracting(DeepFacts.Run::framework).containsExactly("torch", "tensorflow", "jax", "onnxruntime");
        assertThat(h.ran()).hasSize(4);
        DeepFacts.Run ort = d.runs().value().get(3);
        assertThat(ort.answer().value().providers()).containsExactly("CPUExecutionProvider");
        assertThat(ort.answer().value().isCpuOnlyBuild()).isFalse();
        assertThat(ort.messages()).singleElement().asString().contains("libcublasLt.so.12: cannot open shared object file");
        assertThat(ort.mappedCudaLibraries()).containsExactly(site + "onnxruntime/capi/libonnxruntime_providers_cuda.so");
        assertThat(d.summarize().get(0).headline()).endsWith("onnxruntime 1.20.1 runs on CPUExecutionProvider");
        assertThat(d.runs().value().get(1).answer().why()).isEqualTo("not importable: No module named 'tensorflow'");
    }

    /** JAX reports cuDNN as integers (cudnn_get_version, cudnn_build_version): decoded like torch's. */
    @Test
    void decodesJaxsCudnnIntegers() {
        var answer = DeepProbe.answer(dev.gpudoctor.report.Json.mapper().createObjectNode().put("version", "0.4.35")
                .put("cudnn", 90501).put("builtForCudnnInt", 90300).put("gpuUsable", true));
        assertThat(answer.value().cudnn()).hasToString("9.5.1");
        assertThat(answer.value().builtForCudnn()).isEqualTo("9.3.0");
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
                .answer().why()).startsWith("timed out after");
        FakeHost garbage = venvWithTorch().command(argv, 0, "Segmentation fault\n", "");
        DeepFacts d = new DeepProbe().probe(new ProbeContext(garbage, List.of(), List.of(), true));
        assertThat(d.runs().value().get(0).answer().why()).startsWith("the deep probe's output is not JSON");
        assertThat(d.summarize().get(0).headline()).isEqualTo("torch fails in " + VENV);
    }

    /** The script itself, run by this machine's real python3 (which has no GPU framework): valid, and says so for each. */
    @Test
    void theScriptRunsOnARealInterpreter() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "a python3 at /usr/bin/python3");
        CommandResult r = new ExecCommandRunner(Map.of("PATH", "/usr/bin:/bin"), new RootedFiles(Path.of("/")))
                .run(List.of(python.toString(), "-c", script(), "torch", "tensorflow", "jax", "onnxruntime"), Duration.ofSeconds(60));
        assertThat(r.succeeded()).as(r.stderr()).isTrue();
        var json = DeepProbe.parse(r.stdout());
        assertThat(json.isFound()).isTrue();
        assertThat(json.value().path("mapped").size()).isPositive();
        for (String fw : DeepProbe.FRAMEWORKS) {
            assertThat(json.value().at("/frameworks/" + fw).isObject()).as(fw).isTrue();
        }
    }

    /**
     * The ONNX model the script writes by hand for onnxruntime's test session is a valid model:
     * onnx's own checker (full check, with shape inference) accepts it where onnx is installed.
     */
    @Test
    void theHandWrittenOnnxModelPassesOnnxsChecker() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "a python3 at /usr/bin/python3");
        String check = script().substring(0, script().indexOf("PROBES = "))
                + "\nimport onnx\nm = onnx.load_from_string(_matmul_model())\nonnx.checker.check_model(m, full_check=True)\n"
                + "print(m.graph.node[0].op_type, m.opset_import[0].version, [d.dim_value for d in m.graph.output[0].type.tensor_type.shape.dim])\n";
        CommandResult hasOnnx = new ExecCommandRunner(Map.of("PATH", "/usr/bin:/bin"), new RootedFiles(Path.of("/")))
                .run(List.of(python.toString(), "-c", "import onnx"), Duration.ofSeconds(30));
        assumeTrue(hasOnnx.succeeded(), "python3 -c 'import onnx' (Debian: python3-onnx)");
        CommandResult r = new ExecCommandRunner(Map.of("PATH", "/usr/bin:/bin"), new RootedFiles(Path.of("/")))
                .run(List.of(python.toString(), "-c", check), Duration.ofSeconds(60));
        assertThat(r.succeeded()).as(r.stderr()).isTrue();
        assertThat(r.stdout().strip()).isEqualTo("MatMul 13 [64, 64]");
    }
}
