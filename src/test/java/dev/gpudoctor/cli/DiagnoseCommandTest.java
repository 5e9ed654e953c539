package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved JSON report, diagnosed offline, gives the findings that check gave on the host. */
class DiagnoseCommandTest {

    @TempDir
    Path tmp;

    private static JsonNode findings(String json) throws Exception {
        return Json.mapper().readTree(json).get("findings");
    }

    @Test
    void savedReportsDiagnoseToTheSameFindingsAsCheck() throws Exception {
        for (String fixture : new String[] {"h200-torch-container", "driver-library-mismatch", "missing-nvidia-uvm",
                "pip-cudnn-shadowed-by-ld-library-path", "nouveau-loaded"}) {
            Cli.Run check = Cli.run("check", "--from", Fixtures.bundle(fixture).toString(), "--format", "json");
            Path saved = Files.writeString(tmp.resolve(fixture + ".json"), check.out());
            Cli.Run again = Cli.run("diagnose", saved.toString(), "--format", "json");
            assertThat(again.exit()).as(fixture).isEqualTo(check.exit());
            assertThat(findings(again.out())).as(fixture).isEqualTo(findings(check.out()));
        }
    }

    @Test
    void aBundleIsDiagnosedToo() throws Exception {
        Cli.Run r = Cli.run("diagnose", Fixtures.bundle("driver-library-mismatch").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS.code());
        assertThat(r.out()).contains("(driver.library-mismatch)");
    }

    @Test
    void garbageIsNotAReport() throws Exception {
        Path bad = Files.writeString(tmp.resolve("r.json"), "{\"schemaVersion\": 1, \"facts\": [");
        Cli.Run r = Cli.run("diagnose", bad.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("is not a valid gpu-doctor report").doesNotContain("\tat ");
        Path empty = Files.writeString(tmp.resolve("e.json"), "{}");
        assertThat(Cli.run("diagnose", empty.toString()).err()).contains("holds no facts");
    }

    /** Found by SavedReportFuzzTest: a report with a fact left out reached the renderer, which died of it. */
    @Test
    void aSavedReportWithAFactLeftOutIsRefusedNotACrash() throws Exception {
        ObjectNode report = (ObjectNode) Json.mapper().readTree(Cli.run("check", "--from",
                Fixtures.bundle("h200-torch-container").toString(), "--format", "json").out());
        ((ObjectNode) report.get("facts").get("dnn")).remove("cudnn");
        Path saved = Files.writeString(tmp.resolve("cut.json"), Json.mapper().writeValueAsString(report));
        Cli.Run r = Cli.run("diagnose", saved.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("is not a valid gpu-doctor report: facts.dnn.cudnn is missing")
                .doesNotContain("internal error");
    }

    /** Found by SavedReportFuzzTest: evidence without its "via" reached the renderer, which died of it. */
    @Test
    void evidenceWithoutItsViaIsRefused() throws Exception {
        ObjectNode report = (ObjectNode) Json.mapper().readTree(Cli.run("check", "--from",
                Fixtures.bundle("h200-torch-container").toString(), "--format", "json").out());
        ((ObjectNode) report.get("facts").findParents("via").get(0)).remove("via");
        Path saved = Files.writeString(tmp.resolve("no-via.json"), Json.mapper().writeValueAsString(report));
        Cli.Run r = Cli.run("diagnose", saved.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).contains("is not a valid gpu-doctor report").contains("evidence needs its via and where")
                .doesNotContain("internal error");
    }

    /** Found by SavedReportFuzzTest: an nvidia-smi that names no driver version made check die of a NullPointerException. */
    @Test
    void aHostWhoseNvidiaSmiNamesNoDriverVersionIsChecked() throws Exception {
        Path host = Fixtures.copy(Fixtures.bundle("h200-torch-container"), tmp.resolve("h200"));
        Path xml = host.resolve("commands/nvidia-smi-q-x.xml");
        Files.writeString(xml, Files.readString(xml)
                .replaceFirst("<driver_version>[^<]*</driver_version>", "<driver_version>N/A</driver_version>"));
        Cli.Run r = Cli.run("check", "--from", host.toString(), "-v");
        assertThat(r.err()).doesNotContain("internal error");
        assertThat(r.out()).contains("nvidia-smi -q -x names no driver version");
    }

    /** A report saved before the System section had its packages fact is read, not refused as incomplete. */
    @Test
    void aReportSavedBeforeThePackagesFactStillDiagnoses() throws Exception {
        ObjectNode report = (ObjectNode) Json.mapper().readTree(Cli.run("check", "--from",
                Fixtures.bundle("driver-library-mismatch").toString(), "--format", "json").out());
        ((ObjectNode) report.get("facts").get("system")).remove("packages");
        Path saved = Files.writeString(tmp.resolve("older.json"), Json.mapper().writeValueAsString(report));
        Cli.Run r = Cli.run("diagnose", saved.toString(), "-v");
        assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS.code());
        assertThat(r.out()).contains("packages: absent: not in this report").contains("(driver.library-mismatch)");
    }
}
