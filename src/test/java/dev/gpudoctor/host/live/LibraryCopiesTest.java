package dev.gpudoctor.host.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.LibraryAnswer;
import dev.gpudoctor.testing.FakeRuntimeLibraries;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each library copy loaded by path through the real JNA route and asked its own version. */
class LibraryCopiesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);
    private final JnaNativeLibraries natives = JnaNativeLibraries.bySoname();

    @TempDir
    Path tmp;

    private Fact<LibraryAnswer> ask(String name, String... defines) throws Exception {
        Path lib = FakeRuntimeLibraries.build(tmp.resolve(name), name, defines);
        return natives.askLibrary(lib.toString(), DEADLINE);
    }

    private static void assertAnswer(Fact<LibraryAnswer> f, String kind, Integer raw, String version) {
        assertThat(f.status()).as(f.why()).isEqualTo(Status.FOUND);
        assertThat(f.value().kind()).isEqualTo(kind);
        assertThat(f.value().rawVersion()).isEqualTo(raw);
        assertThat(f.value().version()).isEqualTo(version);
        assertThat(f.value().loadedFrom()).isEqualTo(f.value().path());
        assertThat(f.evidence()).isNotEmpty();
    }

    @Test
    void eachKindIsDecoded() throws Exception {
        assertAnswer(ask("libcudart.so.13", "CUDART"), "cudart", 13000, "13.0");
        assertAnswer(ask("libcudnn.so.9", "CUDNN"), "cudnn", 91900, "9.19.0");
        assertAnswer(ask("libcublas.so.13", "CUBLAS"), "cublas", null, "13.1.0");
        assertAnswer(ask("libnvrtc.so.13", "NVRTC"), "nvrtc", null, "13.0");
        assertAnswer(ask("libnvinfer.so.10", "NVINFER"), "tensorrt", 100300, "10.3.0");
    }

    @Test
    void aMissingDependencyIsTheLoadersSentence() throws Exception {
        Path lib = FakeRuntimeLibraries.missingDependency(tmp);
        Fact<LibraryAnswer> f = natives.askLibrary(lib.toString(), DEADLINE);
        assertThat(f.status()).isEqualTo(Status.FAILED);
        assertThat(f.why()).isEqualTo("libcublasLt.so.13: cannot open shared object file: No such file or directory");
    }

    @Test
    void aMissingSymbolIsNamed() throws Exception {
        Fact<LibraryAnswer> f = ask("libcudnn.so.9");
        assertThat(f.status()).isEqualTo(Status.FAILED);
        assertThat(f.why()).isEqualTo("no symbol cudnnGetVersion");
    }

    @Test
    void aHangIsBoundedByTheDeadline() throws Exception {
        Path lib = FakeRuntimeLibraries.build(tmp.resolve("hang"), "libcudart.so.13", "CUDART", "HANG");
        Fact<LibraryAnswer> f = natives.askLibrary(lib.toString(), Duration.ofMillis(300));
        assertThat(f.status()).isEqualTo(Status.FAILED);
        assertThat(f.why()).isEqualTo("libcudart.so.13 did not answer within 300 ms (cudaRuntimeGetVersion)");
    }

    @Test
    void subLibrariesAreNotAsked() throws Exception {
        Fact<LibraryAnswer> f = ask("libcublasLt.so.13", "CUBLAS");
        assertThat(f.status()).isEqualTo(Status.ABSENT);
        assertThat(LibraryVersionReader.kind("/x/libcudnn_ops.so.9")).isNull();
        assertThat(LibraryVersionReader.kind("/x/libcudnn.so.9.19.0")).isEqualTo("cudnn");
    }

    @Test
    void tensorrtIntegersDecodeOnBothSidesOfTen() {
        assertThat(Version.fromTensorrtInt(8601)).hasToString("8.6.1");
        assertThat(Version.fromTensorrtInt(100300)).hasToString("10.3.0");
    }
}
