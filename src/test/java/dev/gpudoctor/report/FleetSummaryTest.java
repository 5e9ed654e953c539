package dev.gpudoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.probe.Examination;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summarize reads only what its rows show (FleetSummary.reader()): the rows must be those of the whole reports. */
class FleetSummaryTest {

    @TempDir
    Path tmp;

    @Test
    void everyFixtureHostsRowIsTheSameFromWhatTheSummaryReadsAsFromTheWholeReport() throws Exception {
        List<Path> fixtures;
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("basedir", "."), "src/test/resources/fixtures"))) {
            fixtures = s.filter(p -> Files.isRegularFile(p.resolve("bundle.yaml"))).sorted().toList();
        }
        assertThat(fixtures).hasSizeGreaterThan(20);
        int withTorch = 0;
        for (Path fixture : fixtures) {
            String name = fixture.getFileName().toString();
            BundleHost host = BundleHost.open(fixture, Files.createDirectories(tmp.resolve(name)));
            byte[] saved = Json.write(Reports.of(host, Examination.of(host, List.of(), Duration.ofSeconds(30)), host.capturedAt(), "test"))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            Report whole = Json.mapper().readValue(saved, Report.class);
            Report shown = FleetSummary.reader().readValue(saved);
            assertThat(FleetSummary.row(name, shown)).as(name).isEqualTo(FleetSummary.row(name, whole));
            assertThat(shown.findings()).as(name).isEqualTo(whole.findings());
            assertThat(shown.facts().container()).as("left out: no column shows it").isNull();
            withTorch += FleetSummary.row(name, whole).frameworks().contains("torch") ? 1 : 0;
        }
        assertThat(withTorch).as("rows with frameworks are among those compared").isGreaterThan(3);
    }
}
