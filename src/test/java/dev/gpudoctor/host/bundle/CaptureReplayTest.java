package dev.gpudoctor.host.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A capture replays to the same facts as the reading it recorded. */
class CaptureReplayTest {

    @TempDir
    Path tmp;

    private static Examination.Result examine(Host h) {
        return Examination.of(h, List.of(), Duration.ofSeconds(30));
    }

    private Examination.Result captureAndReplay(Host source, Path bundle) throws Exception {
        RecordingHost rec = new RecordingHost(source);
        Examination.Result live = examine(rec);
        BundleWriter.write(rec, "test", List.of(), null, bundle);
        Path scratch = Files.createDirectories(tmp.resolve("scratch-" + bundle.getFileName()));
        Examination.Result replay = examine(BundleHost.open(bundle, scratch));
        assertThat(Fixtures.factsWithoutTimings(replay.facts()))
                .isEqualTo(Fixtures.factsWithoutTimings(live.facts()));
        assertThat(replay.runs()).extracting(r -> r.probe() + ":" + r.outcome())
                .isEqualTo(live.runs().stream().map(r -> r.probe() + ":" + r.outcome()).toList());
        return replay;
    }

    /** The real H200 capture, replayed, captured again and replayed again: nothing lost on the way. */
    @Test
    void h200FixtureSurvivesCaptureAndReplayAsFolderAndArchive() throws Exception {
        Path fixture = Fixtures.bundle("h200-torch-container");
        Host h200 = BundleHost.open(fixture, Files.createDirectories(tmp.resolve("unused")));
        captureAndReplay(h200, tmp.resolve("again"));
        Host h200b = BundleHost.open(fixture, Files.createDirectories(tmp.resolve("unused2")));
        captureAndReplay(h200b, tmp.resolve("again.tar.gz"));
        assertThat(tmp.resolve("again.tar.gz")).isRegularFile();
    }

    /** This machine (a CUDA toolkit, no GPU): a live capture replays to what was read live. */
    @Test
    void liveCaptureOfThisMachineReplaysToTheSameFacts() throws Exception {
        captureAndReplay(LiveHost.thisMachine(System.getenv()), tmp.resolve("live.tar.gz"));
    }

    /** A mounted root (commands not run) keeps even that fact through a capture. */
    @Test
    void mountedRootRoundTrip() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Files.createDirectories(root.resolve("proc/driver/nvidia"));
        Files.writeString(root.resolve("proc/driver/nvidia/version"),
                "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  580.159.04  Release Build  (nixbld@)  \n");
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        captureAndReplay(LiveHost.mountedAt(root), tmp.resolve("mounted"));
    }

    @Test
    void anExistingTargetIsRefusedAndNothingIsWritten() throws Exception {
        Path target = Files.createDirectories(tmp.resolve("exists"));
        RecordingHost rec = new RecordingHost(LiveHost.mountedAt(Files.createDirectories(tmp.resolve("r"))));
        examine(rec);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BundleWriter.write(rec, "t", List.of(), null, target))
                .hasMessageContaining("already exists");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("partial"));
        }
    }
}
