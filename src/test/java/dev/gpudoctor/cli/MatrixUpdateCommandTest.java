package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * matrix publish, update (from a file:// mirror, as an air-gapped cluster would), status and the
 * offline switch, through the real command line, each run with its own user cache.
 */
class MatrixUpdateCommandTest {

    @TempDir
    Path tmp;

    private Map<String, String> env(String... more) {
        java.util.Map<String, String> e = new java.util.HashMap<>(Map.of("PATH", "/usr/bin:/bin", "XDG_CACHE_HOME", tmp.resolve("cache").toString()));
        for (int i = 0; i < more.length; i += 2) {
            e.put(more[i], more[i + 1]);
        }
        return e;
    }

    @Test
    void publishUpdateFromAMirrorAndStatus() {
        Path pub = tmp.resolve("pub");
        Cli.Run p = Cli.run(env(), "matrix", "publish", "--from", Path.of(System.getProperty("basedir", "."), "compat-matrix").toString(),
                "-o", pub.toString());
        assertThat(p.exit()).as(p.err()).isZero();
        assertThat(Cli.run(env(), "matrix", "status").out()).startsWith("In use: bundled matrix");
        Cli.Run u = Cli.run(env(), "matrix", "update", "--url", pub.toUri().toString());
        assertThat(u.exit()).as(u.err()).isZero();
        assertThat(u.out()).startsWith("installed matrix");
        Cli.Run s = Cli.run(env(), "matrix", "status", "--format", "json");
        assertThat(s.out()).contains("\"kind\" : \"installed\"", "\"url\" : \"" + pub.toUri());
        // GPU_DOCTOR_MATRIX_URL stands for --url; the second run finds it up to date.
        assertThat(Cli.run(env("GPU_DOCTOR_MATRIX_URL", pub.toUri().toString()), "matrix", "update").out()).startsWith("already up to date");
    }

    @Test
    void offlineForbidsTheNetwork() {
        Cli.Run r = Cli.run(env("GPU_DOCTOR_OFFLINE", "1"), "matrix", "update", "--url", "https://matrix.corp.example/m/");
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("offline", "the matrix in use is unchanged");
        assertThat(Cli.run(env(), "matrix", "update", "--offline", "--url", "https://matrix.corp.example/m/").err()).contains("offline");
    }

    /** No URL is built in: nothing is fetched unless someone says from where. */
    @Test
    void noUrlNoFetch() {
        Cli.Run r = Cli.run(env(), "matrix", "update");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("no matrix URL");
    }
}
