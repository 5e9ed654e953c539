package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** --version: the tool, the build it came from, the matrix it carries and the Java that runs it. */
class VersionTest {

    @Test
    void namesToolBuildMatrixAndRuntime() throws Exception {
        Cli.Run r = Cli.run("--version");

        assertThat(r.exit()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("gpu-doctor " + BuildInfo.version()).doesNotContain("unknown", "${");
        // The build stamp is filtered by Maven: a commit (or "unknown" outside a git checkout) and a UTC time.
        assertThat(lines.get(1)).matches("build: commit ([0-9a-f]{7,40}|unknown), built \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        // The matrix line is what compat-matrix/matrix.yaml says, not a copy of it.
        String index = Files.readString(Path.of("compat-matrix/matrix.yaml"));
        assertThat(lines.get(2)).isEqualTo("matrix: " + value(index, "matrixVersion") + " (format " + value(index, "schemaVersion")
                + ", bundled)");
        assertThat(lines.get(3)).startsWith("runtime: Java " + System.getProperty("java.version"))
                .endsWith(" at " + System.getProperty("java.home"));
    }

    private static String value(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^" + key + ":\\s*\"?([^\"\\s]+)\"?").matcher(yaml);
        assertThat(m.find()).as(key).isTrue();
        return m.group(1);
    }
}
