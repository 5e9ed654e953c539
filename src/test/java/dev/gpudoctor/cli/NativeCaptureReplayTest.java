package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.bundle.BundleWriter;
import dev.gpudoctor.host.bundle.RecordingHost;
import dev.gpudoctor.host.live.JnaNativeLibraries;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.testing.FakeDriverLibraries;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.HostWithNatives;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * NVML's and the CUDA driver API's answers, read through the real JNA route from fake libraries,
 * are recorded by a capture and come back when the command line replays it (--from).
 */
class NativeCaptureReplayTest {

    @TempDir
    Path tmp;

    @Test
    void captureRecordsNativeAnswersAndReplayReturnsThem() throws Exception {
        FakeDriverLibraries.Pair libs = FakeDriverLibraries.build(tmp.resolve("libs"), "healthy-h100");
        Host host = new HostWithNatives(new FakeHost(Files.createDirectories(tmp.resolve("root"))),
                new JnaNativeLibraries(libs.nvml().toString(), libs.cuda().toString()),
                "fake host with fake driver libraries");
        RecordingHost rec = new RecordingHost(host);
        Examination.of(rec, List.of(), Duration.ofSeconds(30));
        Path bundle = tmp.resolve("native.tar.gz");
        BundleWriter.write(rec, "test", List.of(), null, bundle);

        Cli.Run replay = Cli.run("check", "--from", bundle.toString(), "--format", "json");
        assertThat(replay.err()).as(replay.err()).doesNotContain("Exception");
        assertThat(replay.out()).as("exit " + replay.exit() + ": " + replay.err()).isNotEmpty();
        assertThat(replay.out())
                .contains("\"driverVersion\" : \"580.159.04\"", "\"nvmlVersion\" : \"13.580.159\"")
                .contains("NVIDIA H100 80GB HBM3", "GPU-00000000-1111-2222-3333-444444444444", "00000000:00:06.0")
                .contains("\"memoryTotalBytes\" : " + 81559L * 1024 * 1024)
                .contains("\"initResult\" : 0", "\"deviceCount\" : 1");
    }
}
