package dev.gpudoctor.validate;

import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.testing.FakeDriverLibraries;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.FakeLadderLibraries;
import dev.gpudoctor.testing.FakeRuntimeLibraries;
import dev.gpudoctor.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake NVIDIA stack for the ladder, built once per test class with gcc: a libcuda per driver mode
 * and NVRTC / cuBLAS / cuDNN / TensorRT copies in folders of their own, as they lie on a real host.
 * The copies are given to the ladder as --nvrtc/--cublas/--cudnn/--tensorrt would; the machine that is
 * searched for copies is an empty fake host (Ubuntu 24.04's os-release only), so nothing of the
 * machine running the tests takes part. Step 7 looks for its tools on that empty host too, unless a
 * test gives it a machine with fake TensorRT tools ({@link FakeEngineTools}).
 */
final class FakeStack {

    final Path dir;
    final Path nvrtc13;
    final Path cublas;
    final Path cudnn;
    final Path tensorrt;
    private final Map<String, Path> drivers = new HashMap<>();

    FakeStack(Path dir) throws IOException, InterruptedException {
        this.dir = dir;
        nvrtc13 = FakeLadderLibraries.nvrtc(dir, 13, 0, "9.0", "healthy", true);
        cublas = FakeLadderLibraries.cublas(dir, "healthy");
        cudnn = FakeLadderLibraries.cudnn(dir, "healthy", List.of("graph", "ops", "cnn"));
        tensorrt = FakeRuntimeLibraries.build(dir.resolve("tensorrt"), "libnvinfer.so.10", "NVINFER");
    }

    /** The folder holding libcuda.so.1 of a driver mode (fake_cuda.c), built on first use. */
    synchronized Path driver(String mode) throws IOException, InterruptedException {
        Path d = drivers.get(mode);
        if (d == null) {
            d = FakeDriverLibraries.build(dir.resolve("drivers"), mode).cuda().getParent();
            drivers.put(mode, d);
        }
        return d;
    }

    /** The environment gpu-doctor would have on a host where this driver is found through LD_LIBRARY_PATH. */
    Map<String, String> environment(String driverMode) throws IOException, InterruptedException {
        return Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
                "LD_LIBRARY_PATH", driver(driverMode).toString());
    }

    /** The machine searched for copies: empty but for Ubuntu 24.04's os-release (for install plans). */
    FakeHost searchedHost() throws IOException {
        Path root = Files.createDirectories(dir.resolve("searched-root"));
        return new FakeHost(root).file("/etc/os-release",
                Files.readString(Fixtures.bundle("h200-torch-container").resolve("rootfs/etc/os-release")));
    }

    CopyFinder.Given all() {
        return new CopyFinder.Given(List.of(nvrtc13.toString()), cublas.toString(), cudnn.toString(), tensorrt.toString());
    }

    ValidationReport run(String driverMode, CopyFinder.Given given) throws Exception {
        return run(driverMode, given, null);
    }

    ValidationReport run(String driverMode, CopyFinder.Given given, Duration stepTimeout) throws Exception {
        return new Validator(environment(driverMode), searchedHost(), MatrixSource.bundled(), null)
                .run(new Validator.Options(0, stepTimeout, List.of(), given), "test");
    }

    /** With step 7's tools looked for and run on {@code engineHost} (a machine with fake TensorRT tools on PATH). */
    ValidationReport run(String driverMode, CopyFinder.Given given, dev.gpudoctor.host.Host engineHost, EngineOptions engine)
            throws Exception {
        return new Validator(environment(driverMode), searchedHost(), engineHost, MatrixSource.bundled(), null)
                .run(new Validator.Options(0, null, List.of(), given, engine), "test");
    }
}
