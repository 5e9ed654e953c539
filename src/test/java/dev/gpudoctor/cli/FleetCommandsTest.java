package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** summarize and baseline on reports made from the fixture hosts, the H200 capture among them. */
class FleetCommandsTest {

    @TempDir
    Path tmp;

    private Path report(String fixture, String name) throws Exception {
        Path p = tmp.resolve("fleet").resolve(name + ".json");
        Files.createDirectories(p.getParent());
        Files.writeString(p, Cli.run("check", "--from", Fixtures.bundle(fixture).toString(), "--format", "json").out());
        return p;
    }

    @Test
    void summarizeGroupsIdenticalStacksAndCountsFindingCodes() throws Exception {
        report("h200-torch-container", "node-01");
        report("h200-torch-container", "node-02");
        report("torch-cu130-on-driver-550", "node-03");
        Files.writeString(tmp.resolve("fleet/node-04.json"), "{ truncated");
        Cli.Run r = Cli.run("summarize", tmp.resolve("fleet").toString(), "--format", "json");
        assertThat(r.exit()).as("one report is unreadable").isEqualTo(1);
        var json = dev.gpudoctor.report.Json.mapper().readTree(r.out());
        assertThat(json.path("reports").asInt()).isEqualTo(4);
        assertThat(json.path("unreadable").asInt()).isEqualTo(1);
        assertThat(json.path("identicalStacks").size()).isEqualTo(2);
        assertThat(json.at("/findingCodes/cudnn.multiple-copies").asInt()).isEqualTo(2);
        assertThat(json.at("/findingCodes/framework.cuda-above-driver").asInt()).isEqualTo(1);
        String csv = Cli.run("summarize", tmp.resolve("fleet").toString(), "--format", "csv").out();
        assertThat(csv.lines().count()).isEqualTo(5);
        assertThat(csv).contains("\"580.159.04\"", "\"error framework.cuda-above-driver\"");
        assertThat(Cli.run("summarize", tmp.resolve("fleet").toString()).out()).contains("4 report(s), 1 unreadable, 2 distinct stack(s)");
    }

    /** A known-good H200 stack as the baseline; the H100 capture drifts in its GPU, the H200 itself not at all. */
    @Test
    void baselineDrift() throws Exception {
        Path baseline = tmp.resolve("good.json");
        Cli.Run saved = Cli.run("baseline", "save", baseline.toString(), "--from", Fixtures.bundle("h200-torch-container").toString());
        assertThat(saved.exit()).as(saved.err()).isZero();
        Cli.Run same = Cli.run("check", "--from", Fixtures.bundle("h200-torch-container").toString(), "--baseline", baseline.toString());
        assertThat(same.out()).doesNotContain("baseline.drift");
        Cli.Run other = Cli.run("check", "--from", Fixtures.bundle("torch-cu130-on-driver-550").toString(), "--baseline",
                baseline.toString(), "--format", "json");
        assertThat(other.out()).contains("baseline.drift", "driver: 550.54.15, the baseline has 580.159.04");
        Files.writeString(baseline, "{}");
        Cli.Run broken = Cli.run("check", "--from", Fixtures.bundle("h200-torch-container").toString(), "--baseline", baseline.toString());
        assertThat(broken.exit()).isEqualTo(ExitCode.COULD_NOT_RUN.code());
        assertThat(broken.err()).contains("not a gpu-doctor baseline").doesNotContain("Exception");
    }
}
