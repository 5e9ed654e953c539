package dev.gpudoctor.host.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.AreaLine;
import dev.gpudoctor.fact.section.CopiesFacts;
import dev.gpudoctor.host.LibraryAnswer;
import dev.gpudoctor.host.NativeLibraries;
import dev.gpudoctor.host.live.JnaNativeLibraries;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.HostWithNatives;
import dev.gpudoctor.testing.FakeRuntimeLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What library copies answered through real JNA is recorded by a capture and comes back on replay, keyed by path. */
class LibraryAnswersReplayTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    @Test
    void answersReplayByPath() throws Exception {
        String cudnn = FakeRuntimeLibraries.build(tmp.resolve("libs"), "libcudnn.so.9", "CUDNN").toString();
        String broken = FakeRuntimeLibraries.missingDependency(tmp.resolve("libs")).toString();
        RecordingHost rec = new RecordingHost(new HostWithNatives(new FakeHost(Files.createDirectories(tmp.resolve("root"))),
                JnaNativeLibraries.bySoname(), "fake host with fake library copies"));
        Fact<LibraryAnswer> liveCudnn = rec.natives().askLibrary(cudnn, DEADLINE);
        Fact<LibraryAnswer> liveBroken = rec.natives().askLibrary(broken, DEADLINE);
        assertThat(liveCudnn.status()).as(liveCudnn.why()).isEqualTo(Status.FOUND);
        Path bundle = tmp.resolve("copies.tar.gz");
        BundleWriter.write(rec, "test", List.of(), null, bundle);

        NativeLibraries replay = BundleHost.open(bundle, Files.createDirectories(tmp.resolve("scratch"))).natives();
        assertThat(replay.askLibrary(cudnn, DEADLINE)).isEqualTo(liveCudnn);
        Fact<LibraryAnswer> replayBroken = replay.askLibrary(broken, DEADLINE);
        assertThat(replayBroken).isEqualTo(liveBroken);
        assertThat(replayBroken.why()).startsWith("libcublasLt.so.13: cannot open shared object file");
        Fact<LibraryAnswer> other = replay.askLibrary("/elsewhere/libcudart.so.13", DEADLINE);
        assertThat(other.status()).isEqualTo(Status.ABSENT);
        assertThat(other.why()).isEqualTo("not recorded in the bundle");

        // A copy a framework loads that does not load is a problem; one only found lying around is not.
        CopiesFacts facts = new CopiesFacts(Fact.found(List.of(
                new CopiesFacts.Answer(cudnn, List.of("torch (libcudnn.so.9)"), List.of(), liveCudnn),
                new CopiesFacts.Answer(broken, List.of(), List.of("cuBLAS copy"), liveBroken))));
        assertThat(facts.summarize().get(0).health()).isEqualTo(AreaLine.Health.INFO);
        CopiesFacts used = new CopiesFacts(Fact.found(List.of(
                new CopiesFacts.Answer(broken, List.of("torch (libcublas.so.13)"), List.of(), liveBroken))));
        AreaLine line = used.summarize().get(0);
        assertThat(line.health()).isEqualTo(AreaLine.Health.PROBLEM);
        assertThat(line.headline()).contains("libcublasLt.so.13: cannot open shared object file");
    }
}
