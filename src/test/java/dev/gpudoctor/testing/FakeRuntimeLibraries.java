package dev.gpudoctor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds fake copies of libcudart / libcudnn / libcublas / libnvrtc / libnvinfer from
 * src/test/native/fake_runtime.c with gcc, so that the real JNA route loads them by path.
 */
public final class FakeRuntimeLibraries {

    private FakeRuntimeLibraries() {
    }

    /**
     * @param name   the file name (libcudnn.so.9)
     * @param define which function it exports (CUDART, CUDNN, CUBLAS, NVRTC, NVINFER), or none
     */
    public static Path build(Path dir, String name, String... defines) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        List<String> extra = new ArrayList<>();
        for (String d : defines) {
            extra.add("-D" + d);
        }
        return gcc(dir.resolve(name), extra);
    }

    /**
     * A libcublas.so.13 linked against a libcublasLt.so.13 that is then deleted: loading it fails
     * with the dynamic loader's own "cannot open shared object file" for the dependency.
     */
    public static Path missingDependency(Path dir) throws IOException, InterruptedException {
        Path stubDir = Files.createDirectories(dir.resolve("stub"));
        Path stub = gcc(stubDir.resolve("libcublasLt.so.13"), List.of("-DSTUB"));
        Path lib = gcc(Files.createDirectories(dir.resolve("broken")).resolve("libcublas.so.13"),
                List.of("-DCUBLAS", "-Wl,--no-as-needed", stub.toString()));
        Files.delete(stub);
        return lib;
    }

    private static Path gcc(Path out, List<String> extra) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", out.toString(),
                "-Wl,-soname," + out.getFileName(), "-Wl,-Bsymbolic",
                Path.of("src/test/native/fake_runtime.c").toAbsolutePath().toString()));
        // Libraries to link come after the source, as the linker reads them in order.
        cmd.addAll(extra);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc failed: " + String.join(" ", cmd) + "\n" + log);
        }
        return out;
    }
}
