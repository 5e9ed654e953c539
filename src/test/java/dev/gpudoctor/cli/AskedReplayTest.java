package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A capture made with --deep (or --python, --pid) records that it was asked, and a replay asks the
 * same: a support engineer running `check --from` or `diagnose` on a deep capture sees the
 * frameworks' own answers, not "not asked (check --deep)".
 */
class AskedReplayTest {

    @TempDir
    Path tmp;

    @Test
    void replayAsksWhatTheCaptureWasAsked() throws Exception {
        Path bundle = tmp.resolve("deep.tar.gz");
        Cli.Run capture = Cli.run("capture", "--from", Fixtures.bundle("h200-torch-container").toString(), "--deep",
                "--pid", "4242", "-o", bundle.toString());
        assertThat(capture.exit()).as(capture.err()).isZero();

        BundleHost b = BundleHost.open(bundle, Files.createDirectories(tmp.resolve("scratch")));
        assertThat(b.asked().deep()).isTrue();
        assertThat(b.asked().pids()).containsExactly(4242);

        Cli.Run plain = Cli.run("check", "--from", bundle.toString(), "--format", "json");
        assertThat(plain.out()).as(plain.err()).doesNotContain("not asked (check --deep)").contains("\"pid\" : 4242");
        Cli.Run diagnose = Cli.run("diagnose", bundle.toString(), "--format", "json");
        assertThat(diagnose.out()).as(diagnose.err()).doesNotContain("not asked (check --deep)").contains("\"pid\" : 4242");
    }

    /** Bundles written before the record existed (every fixture) replay with the defaults. */
    @Test
    void olderBundlesAskNothingMore() throws Exception {
        BundleHost b = BundleHost.open(Fixtures.bundle("h200-torch-container"), Files.createDirectories(tmp.resolve("s")));
        assertThat(b.asked().isNothing()).isTrue();
        assertThat(Cli.run("check", "--from", Fixtures.bundle("h200-torch-container").toString(), "--format", "json").out())
                .contains("not asked (check --deep)");
    }
}
