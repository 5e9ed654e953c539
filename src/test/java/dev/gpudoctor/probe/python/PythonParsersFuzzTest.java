package dev.gpudoctor.probe.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Hostile and broken dist-info names, METADATA and framework build files never crash the parsers. */
class PythonParsersFuzzTest {

    /** The .dist-info folder names of the fixture environments, as a listing gives them. */
    private static List<byte[]> distInfoNames() {
        try (Stream<Path> walk = Files.walk(Seeds.fixturesDir())) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".dist-info")).distinct().sorted()
                    .map(n -> n.getBytes(StandardCharsets.UTF_8)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void distInfoDirectoryNames() {
        var s = Fuzz.run("DistInfo.fromDirName", new Mutator(distInfoNames()), in -> {
            var d = DistInfo.fromDirName(Fuzz.text(in));
            if (d.isEmpty()) {
                return "no dist";
            }
            DistInfo.isGpuRelevant(d.get().name());
            return DistInfo.release(d.get().version()).isPresent() ? "release" : "no release";
        });
        assertThat(s.count("release")).isPositive();
    }

    @Test
    void metadata() {
        var s = Fuzz.run("DistInfo.metadataVersion", new Mutator(Seeds.fixtures("rootfs/**/*.dist-info/METADATA")), in -> {
            var v = DistInfo.metadataVersion(Fuzz.text(in));
            return v.isEmpty() ? "none" : DistInfo.release(v.get()).isPresent() ? "release" : "no release";
        });
        assertThat(s.count("release")).isPositive();
        assertThat(s.count("none")).isPositive();
    }

    @Test
    void torchVersionPy() {
        var s = Fuzz.run("FrameworkBuilds.torch", new Mutator(Seeds.fixtures("rootfs/**/torch/version.py")),
                in -> Fuzz.outcome(FrameworkBuilds.torch(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void tensorflowBuildInfo() {
        var s = Fuzz.run("FrameworkBuilds.tensorflow", new Mutator(Seeds.fixtures("rootfs/**/build_info.py")),
                in -> Fuzz.outcome(FrameworkBuilds.tensorflow(Fuzz.text(in), "2.15.0")));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void onnxruntimeVersionInfo() {
        // onnxruntime/capi/version_info.py as the 1.20 wheel writes it (no capture kept one), and torch's to cross-breed.
        var seeds = Seeds.all(Seeds.texts("use_cuda = True\n\ncuda_version = \"12.2\"\ncudnn_version = \"9\"\n",
                "use_cuda = False\n"), Seeds.fixtures("rootfs/**/torch/version.py"));
        var s = Fuzz.run("FrameworkBuilds.onnxruntime", new Mutator(seeds),
                in -> Fuzz.outcome(FrameworkBuilds.onnxruntime(Fuzz.text(in), "1.20.1")));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }
}
