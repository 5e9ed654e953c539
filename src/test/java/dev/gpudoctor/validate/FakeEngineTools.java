package dev.gpudoctor.validate;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.PythonWithOnnx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This machine with fake TensorRT tools put first (and alone) on PATH, for step 7: the fake trtexec
 * (src/test/trt/fake_trtexec.py) and/or a python3 with the fake tensorrt module on PYTHONPATH and a fake
 * CUDA runtime (src/test/native/fake_cudart_memory.c) on LD_LIBRARY_PATH. Both compute the test network
 * for real with numpy from the ONNX files gpu-doctor writes, and fail the real ways when told to
 * (FAKE_TRTEXEC_MODE, FAKE_TENSORRT_MODE); FAKE_TRT_VERSION and FAKE_GPU_COMPUTE make them another
 * TensorRT or another GPU. Nothing else of the machine is on PATH, so no real tool takes part.
 */
final class FakeEngineTools {

    static final Path TRT = Path.of("src/test/trt").toAbsolutePath();

    private final Path dir;
    private final Path bin;
    private final Path log;
    private final Map<String, String> env = new HashMap<>();

    private FakeEngineTools(Path dir) throws IOException {
        this.dir = dir;
        this.bin = Files.createDirectories(dir.resolve("bin"));
        this.log = dir.resolve("trtexec-argv.jsonl");
        env.put("PATH", bin.toString());
        env.put("PYTHONPATH", TRT.toString());
        env.put("FAKE_TRTEXEC_LOG", log.toString());
        // The fakes are imported from the source tree: no bytecode caches written into it.
        env.put("PYTHONDONTWRITEBYTECODE", "1");
    }

    /** Tools in a folder of their own under {@code dir}; needs {@link PythonWithOnnx}. */
    static FakeEngineTools in(Path dir) throws IOException {
        return new FakeEngineTools(Files.createDirectories(dir));
    }

    /** trtexec on PATH: the fake script under the interpreter that has numpy and onnx. */
    FakeEngineTools trtexec() throws IOException {
        String script = Files.readString(TRT.resolve("fake_trtexec.py"));
        Path t = bin.resolve("trtexec");
        Files.writeString(t, script.replaceFirst("^#![^\n]*", "#!" + PythonWithOnnx.find().orElseThrow()));
        Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** python3 on PATH that imports the fake tensorrt, with a fake libcudart.so.13 (or one whose cudaMalloc fails). */
    FakeEngineTools python(boolean memoryWorks) throws IOException, InterruptedException {
        Files.deleteIfExists(bin.resolve("python3"));
        Files.createSymbolicLink(bin.resolve("python3"), PythonWithOnnx.find().orElseThrow());
        env.put("PYTHONPATH", TRT.resolve("fake_tensorrt") + ":" + TRT);
        Path cudart = Files.createDirectories(dir.resolve(memoryWorks ? "cudart" : "cudart-no-memory"));
        gcc(cudart.resolve("libcudart.so.13"), memoryWorks ? List.of() : List.of("-DNO_MEMORY"));
        env.put("LD_LIBRARY_PATH", cudart.toString());
        return this;
    }

    /** python3 on PATH without a tensorrt module. */
    FakeEngineTools pythonWithoutTensorrt() throws IOException {
        Files.deleteIfExists(bin.resolve("python3"));
        Files.createSymbolicLink(bin.resolve("python3"), PythonWithOnnx.find().orElseThrow());
        return this;
    }

    FakeEngineTools set(String name, String value) {
        env.put(name, value);
        return this;
    }

    Map<String, String> environment() {
        return Map.copyOf(env);
    }

    /** This machine as the engine step sees it: these tools' PATH and variables. */
    Host host() {
        return LiveHost.thisMachine(environment());
    }

    Path bin() {
        return bin;
    }

    /** Every trtexec invocation's arguments, in order. */
    List<List<String>> trtexecRuns() throws IOException {
        List<List<String>> out = new ArrayList<>();
        if (!Files.exists(log)) {
            return out;
        }
        for (String line : Files.readAllLines(log)) {
            List<String> args = new ArrayList<>();
            Json.mapper().readTree(line).forEach(a -> args.add(a.asText()));
            out.add(args);
        }
        return out;
    }

    private static void gcc(Path out, List<String> extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", out.toString(),
                "-Wl,-soname," + out.getFileName(), Path.of("src/test/native/fake_cudart_memory.c").toAbsolutePath().toString()));
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc failed: " + String.join(" ", cmd) + "\n" + output);
        }
    }
}
