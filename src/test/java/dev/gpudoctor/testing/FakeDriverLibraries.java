package dev.gpudoctor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the fake libnvidia-ml.so.1 / libcuda.so.1 (src/test/native) with gcc, one pair per
 * behaviour: the behaviour is compiled in (-DMODE) because a JVM cannot set its own environment,
 * and a library loaded once stays loaded, so each mode needs its own file anyway.
 */
public final class FakeDriverLibraries {

    public record Pair(Path nvml, Path cuda) {
    }

    private FakeDriverLibraries() {
    }

    /** @param mode healthy-h100, driver-not-loaded, version-mismatch, no-devices, gpu-lost, hang, old-driver,
     *             insufficient-driver, compat-unsupported, unknown-error (cuInit's other failures); and for
     *             validate's ladder (see fake_cuda.c): driver-cuda-12.8, driver-cuda-10.2, volta-v100, jit-missing,
     *             kernel-wrong, copy-corrupt, crash-in-launch */
    public static Pair build(Path dir, String mode) throws IOException, InterruptedException {
        Path modeDir = Files.createDirectories(dir.resolve(mode));
        List<String> defines = new ArrayList<>(List.of("-DMODE=\"" + mode + "\""));
        if (mode.equals("old-driver")) {
            defines.add("-DOLD_DRIVER");
        }
        Path nvml = gcc(Path.of("src/test/native/fake_nvml.c"), modeDir.resolve("libnvidia-ml.so.1"), defines);
        Path cuda = gcc(Path.of("src/test/native/fake_cuda.c"), modeDir.resolve("libcuda.so.1"), defines);
        return new Pair(nvml, cuda);
    }

    private static Path gcc(Path source, Path out, List<String> defines) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O1", "-o", out.toString()));
        cmd.addAll(defines);
        cmd.add("-Wl,-soname," + out.getFileName());
        // Each fake answers its own calls even when another mode's fake is loaded globally.
        cmd.add("-Wl,-Bsymbolic");
        cmd.add(source.toAbsolutePath().toString());
        // fmaf for the fake GPU's kernels; libraries to link come after the source.
        cmd.add("-lm");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc failed: " + String.join(" ", cmd) + "\n" + log);
        }
        return out;
    }
}
