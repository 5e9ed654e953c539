package dev.gpudoctor.validate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.FakeHost;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where trtexec is looked for, read through the host port, and the JavaCPP route's measured reason. */
class EngineRoutesTest {

    @TempDir
    Path tmp;

    /** TensorRT's Debian packages: libnvinfer-bin puts trtexec in /usr/src/tensorrt/bin, not on PATH. */
    @Test
    void theDebianPackagesTrtexec() {
        FakeHost h = new FakeHost(tmp).file("/usr/src/tensorrt/bin/trtexec", "").env("PATH", "/usr/bin:/bin");
        EngineRoutes.Considered c = EngineRoutes.trtexec(h, "/usr/lib/x86_64-linux-gnu/libnvinfer.so.10");
        assertThat(c.available()).isTrue();
        assertThat(c.path()).isEqualTo("/usr/src/tensorrt/bin/trtexec");
        assertThat(c.why()).isEqualTo("found in /usr/src/tensorrt/bin");
    }

    /**
     * A tar install (TensorRT-10.3.0.26/lib and bin side by side, as NVIDIA's tar packages unpack): trtexec is found
     * beside the library the ladder chose, and run with that lib folder first on LD_LIBRARY_PATH, as NVIDIA's tar
     * instructions set it.
     */
    @Test
    void aTarInstallsTrtexecRunsWithItsLibraries() {
        FakeHost h = new FakeHost(tmp).file("/opt/TensorRT-10.3.0.26/bin/trtexec", "")
                .file("/opt/TensorRT-10.3.0.26/lib/libnvinfer.so.10", "").env("PATH", "/usr/bin");
        EngineRoutes.Considered c = EngineRoutes.trtexec(h, "/opt/TensorRT-10.3.0.26/lib/libnvinfer.so.10");
        assertThat(c.path()).isEqualTo("/opt/TensorRT-10.3.0.26/bin/trtexec");
        c.route().build(new Route.BuildRequest("fp16", Path.of("/w/m.onnx"), Path.of("/w/m.plan"), "ampere+", true),
                Duration.ofSeconds(5));
        assertThat(h.ran()).containsExactly(List.of("env", "LD_LIBRARY_PATH=/opt/TensorRT-10.3.0.26/lib",
                "/opt/TensorRT-10.3.0.26/bin/trtexec", "--onnx=/w/m.onnx", "--saveEngine=/w/m.plan", "--fp16",
                "--hardwareCompatibilityLevel=ampere+", "--versionCompatible", "--skipInference"));
    }

    /** PATH comes first; nothing anywhere says where it looked. */
    @Test
    void pathFirstAndWhereItLooked() {
        FakeHost h = new FakeHost(tmp).file("/usr/local/bin/trtexec", "").file("/usr/src/tensorrt/bin/trtexec", "")
                .env("PATH", "/usr/local/bin:/usr/bin");
        assertThat(EngineRoutes.trtexec(h, null).path()).isEqualTo("/usr/local/bin/trtexec");
        FakeHost none = new FakeHost(tmp.resolve("none")).env("PATH", "/usr/bin");
        assertThat(EngineRoutes.trtexec(none, "/opt/t/lib/libnvinfer.so.10").why()).isEqualTo("not found on PATH (/usr/bin) nor "
                + "in /usr/src/tensorrt/bin, /opt/tensorrt/bin, /opt/t/bin, /opt/t/lib");
    }

    /** The JavaCPP presets are never bundled; the reason says whether this host's TensorRT would even match them. */
    @Test
    void theJavaCppRouteSaysWhyNot() {
        assertThat(EngineRoutes.javaCpp("/x/libnvinfer.so.11", "11.2.0").why()).endsWith("this host's TensorRT is 11.2.0 (its "
                + "major matches the preset's)");
        assertThat(EngineRoutes.javaCpp(null, null).why()).startsWith("not bundled: org.bytedeco:tensorrt 11.2-1.5.14")
                .contains("7.1 MiB").endsWith("this host has no TensorRT library");
        assertThat(EngineRoutes.javaCpp(null, null).available()).isFalse();
    }
}
