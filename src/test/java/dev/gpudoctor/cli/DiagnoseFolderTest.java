package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * diagnose of a folder, or of several inputs: every report and bundle in it diagnosed in one run,
 * a broken one said in its entry without stopping the others, the exit code the worst of them.
 */
class DiagnoseFolderTest {

    /** Fixture hosts whose saved reports go into the folder: no problem, problems, warnings. */
    private static final List<String> HOSTS = List.of("h200-torch-container", "driver-library-mismatch", "missing-nvidia-uvm",
            "pip-cudnn-shadowed-by-ld-library-path", "nouveau-loaded", "torch-cu130-on-driver-550");

    @TempDir
    Path tmp;

    Path fleet;

    @BeforeEach
    void savedReports() throws Exception {
        fleet = Files.createDirectories(tmp.resolve("fleet"));
        for (String host : HOSTS) {
            Files.writeString(fleet.resolve(host + ".json"),
                    Cli.run("check", "--from", Fixtures.bundle(host).toString(), "--format", "json").out());
        }
    }

    private static JsonNode json(String s) throws Exception {
        return Json.mapper().readTree(s);
    }

    @Test
    void eachReportOfAFolderGetsTheFindingsThatDiagnoseOfItAloneGives() throws Exception {
        Cli.Run all = Cli.run("diagnose", fleet.toString(), "--format", "json");
        JsonNode out = json(all.out());
        assertThat(out.get("inputs").asInt()).isEqualTo(HOSTS.size());
        assertThat(out.get("reports")).hasSize(HOSTS.size());
        int worst = 0;
        for (JsonNode entry : out.get("reports")) {
            Cli.Run alone = Cli.run("diagnose", entry.get("input").asText(), "--format", "json");
            assertThat(entry.get("findings")).as(entry.get("input").asText()).isEqualTo(json(alone.out()).get("findings"));
            assertThat(entry.get("exitCode").asInt()).as(entry.get("input").asText()).isEqualTo(alone.exit());
            assertThat(entry.get("host")).isEqualTo(json(alone.out()).get("host"));
            worst = Math.max(worst, alone.exit());
        }
        assertThat(worst).as("the fixtures include a host with a problem").isEqualTo(1);
        assertThat(all.exit()).isEqualTo(worst);
        assertThat(out.get("exitCode").asInt()).isEqualTo(worst);
        // In the folder's order (sorted by path), whatever order the threads finished in.
        List<String> inputs = new ArrayList<>();
        out.get("reports").forEach(e -> inputs.add(e.get("input").asText()));
        assertThat(inputs).isSorted().hasSize(HOSTS.size());
    }

    @Test
    void brokenFilesAreEntriesWithTheirErrorAndTheOthersAreStillDiagnosed() throws Exception {
        Files.writeString(fleet.resolve("truncated.json"), "{\"schemaVersion\": 1, \"facts\": [");
        Files.writeString(fleet.resolve("empty.json"), "{}");
        Files.write(fleet.resolve("binary.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        Files.writeString(fleet.resolve("notes.txt"), "not an input: neither a report nor a bundle");
        Path broken = Files.createDirectories(fleet.resolve("sub/broken-bundle"));
        Files.writeString(broken.resolve("bundle.yaml"), "format: something-else\n");
        Files.writeString(fleet.resolve("sub/cut.tar.gz"), "not gzip at all");

        Cli.Run r = Cli.run("diagnose", fleet.toString(), "--format", "json");

        assertThat(r.exit()).as("an input could not be read").isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(r.err()).isEmpty();
        JsonNode out = json(r.out());
        assertThat(out.get("inputs").asInt()).isEqualTo(HOSTS.size() + 5);
        assertThat(out.get("unreadable").asInt()).isEqualTo(5);
        assertThat(out.get("withProblems").asInt() + out.get("withWarningsOnly").asInt() + out.get("withoutProblems").asInt())
                .isEqualTo(HOSTS.size());
        Map<String, String> errors = new java.util.TreeMap<>();
        for (JsonNode e : out.get("reports")) {
            if (e.has("error")) {
                assertThat(e.get("exitCode").asInt()).isEqualTo(2);
                assertThat(e.has("findings")).isFalse();
                errors.put(Path.of(e.get("input").asText()).getFileName().toString(), e.get("error").asText());
            } else {
                assertThat(e.get("findings")).isNotEmpty();
            }
        }
        assertThat(errors).containsOnlyKeys("truncated.json", "empty.json", "binary.json", "broken-bundle", "cut.tar.gz");
        assertThat(errors.get("truncated.json")).contains("is not a valid gpu-doctor report");
        assertThat(errors.get("empty.json")).contains("holds no facts");
        assertThat(errors.get("broken-bundle")).contains("does not say format: gpu-doctor-bundle");
        assertThat(errors.get("cut.tar.gz")).contains("cannot unpack");
        assertThat(errors.values()).noneMatch(m -> m.contains("\tat ") || m.contains("internal error"));

        Cli.Run text = Cli.run("diagnose", fleet.toString());
        assertThat(text.exit()).isEqualTo(2);
        assertThat(text.out()).contains("truncated.json: could not be diagnosed: ")
                .contains(HOSTS.size() + 5 + " input(s): ").contains(" 5 could not be diagnosed.")
                .doesNotContain("\tat ");
        assertThat(text.out().lines().filter(l -> l.startsWith("[")).count()).as("a line per input").isEqualTo(HOSTS.size() + 5);
    }

    @Test
    void theOutputValidatesAgainstThePublishedSchema() throws Exception {
        Files.writeString(fleet.resolve("broken.json"), "[1, 2");
        Cli.Run r = Cli.run("diagnose", fleet.toString(), "--format", "json");
        assertThat(dev.gpudoctor.testing.PublishedSchema.validate(Path.of("docs/diagnose.schema.json"), r.out())).isEmpty();
    }

    @Test
    void bundlesFolderAndArchiveAreInputsAndTheirOwnReportIsNotReadAgain() throws Exception {
        Path only = Files.createDirectories(tmp.resolve("bundles"));
        Path folder = Fixtures.copy(Fixtures.bundle("driver-library-mismatch"), only.resolve("node-a"));
        Files.writeString(folder.resolve("report.json"), Files.readString(fleet.resolve("h200-torch-container.json")));
        Cli.Run capture = Cli.run("capture", "--from", Fixtures.bundle("nouveau-loaded").toString(), "-o",
                only.resolve("node-b.tar.gz").toString());
        assertThat(capture.exit()).as(capture.err()).isZero();

        Cli.Run r = Cli.run("diagnose", only.toString(), "--format", "json");

        JsonNode out = json(r.out());
        assertThat(out.get("inputs").asInt()).as("the bundle folder's report.json is part of the bundle").isEqualTo(2);
        assertThat(out.get("reports").get(0).get("input").asText()).endsWith("node-a");
        assertThat(out.get("reports").get(0).toString()).contains("driver.library-mismatch");
        assertThat(out.get("reports").get(1).get("input").asText()).endsWith("node-b.tar.gz");
        assertThat(out.get("reports").get(1).toString()).contains("nouveau");
        assertThat(r.exit()).isEqualTo(1);
    }

    @Test
    void severalFilesAreDiagnosedTogetherAndOneThatIsNotThereIsItsOwnEntry() throws Exception {
        Cli.Run r = Cli.run("diagnose", fleet.resolve("h200-torch-container.json").toString(),
                tmp.resolve("gone.json").toString(), Fixtures.bundle("missing-nvidia-uvm").toString());
        assertThat(r.exit()).isEqualTo(2);
        List<String> lines = r.out().lines().filter(l -> l.startsWith("[")).toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).startsWith("[\u2713] ").endsWith("no problem found");
        assertThat(lines.get(1)).startsWith("[\u2717] ").contains("gone.json: could not be diagnosed: no such file");
        assertThat(lines.get(2)).startsWith("[\u2717] ").contains("missing-nvidia-uvm");
        assertThat(r.out()).contains("3 input(s): 1 with problems, 0 with warnings only, 1 without, 1 could not be diagnosed.");
    }

    /** A pipe named like a report would be read until it ends: it is refused, in a folder and on its own, never waited on. */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aPipeNamedLikeAReportIsRefusedNotWaitedOn() throws Exception {
        Path pipe = fleet.resolve("pipe.json");
        Process mkfifo = new ProcessBuilder("mkfifo", pipe.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        JsonNode out = json(Cli.run("diagnose", fleet.toString(), "--format", "json").out());
        assertThat(out.get("inputs").asInt()).as("a folder's search takes regular files only").isEqualTo(HOSTS.size());
        Cli.Run named = Cli.run("diagnose", pipe.toString(), fleet.resolve("h200-torch-container.json").toString());
        assertThat(named.exit()).isEqualTo(2);
        assertThat(named.out()).contains("pipe.json is not a regular file");
        Cli.Run alone = Cli.run("diagnose", pipe.toString());
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("pipe.json is not a regular file").doesNotContain("\tat ");
    }

    /** Named so that the worst input comes first: the exit code is the worst, not the last. */
    @Test
    void exitCodeIsTheWorstOfTheInputs() throws Exception {
        Path ok = Files.createDirectories(tmp.resolve("ok"));
        Files.copy(fleet.resolve("h200-torch-container.json"), ok.resolve("b.json"));
        Files.copy(fleet.resolve("h200-torch-container.json"), ok.resolve("c.json"));
        assertThat(Cli.run("diagnose", ok.toString()).exit()).isEqualTo(0);
        Files.copy(fleet.resolve("driver-library-mismatch.json"), ok.resolve("a.json"));
        assertThat(Cli.run("diagnose", ok.toString()).exit()).isEqualTo(1);
        Files.writeString(ok.resolve("0.json"), "");
        assertThat(Cli.run("diagnose", ok.toString()).exit()).isEqualTo(2);
        assertThat(json(Cli.run("diagnose", ok.toString(), "--format", "json").out()).get("exitCode").asInt()).isEqualTo(2);
    }

    @Test
    void verboseTextHasEachReportInFull() throws Exception {
        Cli.Run r = Cli.run("diagnose", fleet.toString(), "-v");
        assertThat(r.out()).contains("Kernel module 550.54.15 and user-space driver 550.90.07 differ  (driver.library-mismatch)")
                .contains("Findings:");
        assertThat(r.out().split("Run with -v", -1)).as("each full report is verbose").hasSize(1);
    }

    @Test
    void redactionUsesOneStandInForOneValueAcrossReports() throws Exception {
        Path two = Files.createDirectories(tmp.resolve("two"));
        Files.copy(fleet.resolve("h200-torch-container.json"), two.resolve("a.json"));
        Files.copy(fleet.resolve("h200-torch-container.json"), two.resolve("b.json"));
        String uuid = "GPU-09fe5b22-e673-3219-b750-0597bbf92e45";
        assertThat(Cli.run("diagnose", two.toString(), "-v").out().split(uuid, -1)).as("the H200's UUID in each report").hasSize(3);
        String redacted = Cli.run("diagnose", two.toString(), "-v", "--redact").out();
        assertThat(redacted).doesNotContain(uuid);
        List<String> standIns = java.util.regex.Pattern.compile("GPU-[0-9a-f-]{36}").matcher(redacted).results()
                .map(java.util.regex.MatchResult::group).toList();
        assertThat(standIns).hasSize(2).containsOnly(standIns.get(0));
    }

    @Test
    void formatsForOneReportAndEmptyFoldersAreRefusedClearly() throws Exception {
        Cli.Run md = Cli.run("diagnose", fleet.toString(), "--format", "markdown");
        assertThat(md.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(md.err()).contains("--format markdown prints one report");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(empty.resolve("README.txt"), "no reports here");
        Cli.Run none = Cli.run("diagnose", empty.toString());
        assertThat(none.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(none.err()).contains("no saved report (*.json) or bundle").doesNotContain("\tat ");
        assertThat(none.out()).isEmpty();
    }
}
