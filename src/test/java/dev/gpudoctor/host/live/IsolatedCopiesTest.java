package dev.gpudoctor.host.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.host.LibraryAnswer;
import dev.gpudoctor.testing.FakeRuntimeLibraries;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Copies are loaded in a child JVM: one that kills its loader costs its own fact, the others are still asked. */
class IsolatedCopiesTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(120)
    void aCopyThatCrashesItsLoaderIsOneFailedFact() throws Exception {
        Path good = FakeRuntimeLibraries.build(tmp.resolve("good"), "libcudart.so.13", "CUDART");
        Path crash = FakeRuntimeLibraries.build(tmp.resolve("crash"), "libcudnn.so.9", "CUDNN", "CRASH");
        Path alsoGood = FakeRuntimeLibraries.build(tmp.resolve("good2"), "libnvrtc.so.13", "NVRTC");
        JnaNativeLibraries isolated = JnaNativeLibraries.bySoname().isolatingCopies(new ChildJvm(System.getenv()));

        Map<String, Fact<LibraryAnswer>> answers = isolated.askLibraries(
                List.of(good.toString(), crash.toString(), alsoGood.toString()), Duration.ofSeconds(10));

        assertThat(answers.get(good.toString()).value().version()).isEqualTo("13.0");
        assertThat(answers.get(crash.toString()).status()).isEqualTo(Status.FAILED);
        assertThat(answers.get(crash.toString()).why()).startsWith("loading it killed the process that loaded it (exit code");
        assertThat(answers.get(alsoGood.toString()).value().kind()).isEqualTo("nvrtc");
    }
}
