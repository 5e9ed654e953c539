package dev.gpudoctor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the fake libraries of validate's ladder with gcc (src/test/native): libnvrtc, libcublas,
 * libcudnn, each in a folder of its own with the companions a real copy has beside it
 * (libnvrtc-builtins, libcublasLt, cuDNN's sub-libraries), so that loading a copy with its own
 * directory's libraries is tested the way it happens on a real host: the folder is on no search path.
 * libcuda comes from {@link FakeDriverLibraries}, libnvinfer from {@link FakeRuntimeLibraries}.
 */
public final class FakeLadderLibraries {

    private FakeLadderLibraries() {
    }

    /**
     * An NVRTC of a release.
     *
     * @param builtins whether libnvrtc-builtins.so.MAJOR.MINOR is beside it (a broken install lacks it)
     * @param mode     healthy or compile-error
     */
    public static Path nvrtc(Path dir, int major, int minor, String ptxIsa, String mode, boolean builtins)
            throws IOException, InterruptedException {
        Path d = Files.createDirectories(dir.resolve("nvrtc-" + major + "." + minor + "-" + mode + (builtins ? "" : "-no-builtins")));
        if (builtins) {
            gcc("fake_companion.c", d.resolve("libnvrtc-builtins.so." + major + "." + minor), List.of());
        }
        return gcc("fake_nvrtc.c", d.resolve("libnvrtc.so." + major), List.of("-DMODE=\"" + mode + "\"",
                "-DNVRTC_MAJOR=" + major, "-DNVRTC_MINOR=" + minor, "-DPTX_ISA=\"" + ptxIsa + "\"", "-ldl"));
    }

    /** A cuBLAS 13 linked against the libcublasLt.so.13 beside it. @param mode healthy, wrong-result, not-initialized, hang */
    public static Path cublas(Path dir, String mode) throws IOException, InterruptedException {
        Path d = Files.createDirectories(dir.resolve("cublas-" + mode));
        Path lt = gcc("fake_companion.c", d.resolve("libcublasLt.so.13"), List.of());
        return gcc("fake_cublas.c", d.resolve("libcublas.so.13"), List.of("-DMODE=\"" + mode + "\"", lt.toString()));
    }

    /**
     * A cuDNN 9 dispatcher with sub-libraries beside it.
     *
     * @param subLibraries which of libcudnn_graph / libcudnn_cnn ... to put beside it (without libcudnn_cnn.so.9
     *                     its convolution fails with CUDNN_STATUS_SUBLIBRARY_LOADING_FAILED)
     * @param mode         healthy, not-supported, crash
     */
    public static Path cudnn(Path dir, String mode, List<String> subLibraries) throws IOException, InterruptedException {
        Path d = Files.createDirectories(dir.resolve("cudnn-" + mode + "-" + String.join("-", subLibraries)));
        for (String s : subLibraries) {
            gcc("fake_companion.c", d.resolve("libcudnn_" + s + ".so.9"), List.of());
        }
        return gcc("fake_cudnn.c", d.resolve("libcudnn.so.9"), List.of("-DMODE=\"" + mode + "\"", "-ldl"));
    }

    private static Path gcc(String source, Path out, List<String> after) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-O2", "-o", out.toString(),
                "-Wl,-soname," + out.getFileName(), "-Wl,-Bsymbolic",
                Path.of("src/test/native", source).toAbsolutePath().toString()));
        // Definitions may come anywhere; libraries to link must come after the source.
        cmd.addAll(after);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc failed: " + String.join(" ", cmd) + "\n" + log);
        }
        return out;
    }
}
