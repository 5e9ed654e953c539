package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.testing.FakeCommands;
import dev.gpudoctor.testing.Fixtures;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * gpu-doctor fix on the command line. "This machine" is a fixture host (missing /dev/nvidia-uvm)
 * and the system commands are fakes on PATH that record their argv: what ran is exactly the plan,
 * and nothing runs without consent.
 */
class FixCommandTest {

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {
    }

    private Run fix(FakeCommands fakes, boolean interactive, String answers, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Runtime rt = new Runtime(Map.of("PATH", fakes.path()), new PrintWriter(out, true), new PrintWriter(err, true), false,
                new BufferedReader(new StringReader(answers)), interactive);
        Path scratch = Files.createTempDirectory(tmp, "host");
        FixCommand fix = new FixCommand(rt, env -> {
            try {
                return BundleHost.open(Fixtures.bundle("missing-nvidia-uvm"), Files.createTempDirectory(scratch, "open"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, () -> true);
        int code = GpuDoctor.commandLine(rt, List.of(fix)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void dryRunPrintsThePlanAndRunsNothing() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Run r = fix(fakes, false, "", "fix");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("$ nvidia-modprobe -u -c=0", "for: /dev/nvidia-uvm is missing (device-node.uvm-missing)",
                "Dry run: nothing was changed");
        assertThat(fakes.ran()).isEmpty();
    }

    /** A provisioning script (no terminal) that forgot --yes: refused, nothing run. */
    @Test
    void noPromptWhenNobodyCanAnswer() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Run r = fix(fakes, false, "y\n", "fix", "--apply", "--log", tmp.resolve("fix.log").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("add --yes", "Nothing was run");
        assertThat(fakes.ran()).isEmpty();
        assertThat(tmp.resolve("fix.log")).doesNotExist();
    }

    @Test
    void anythingButYesAtThePromptRunsNothing() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Run r = fix(fakes, true, "n\n", "fix", "--apply", "--log", tmp.resolve("fix.log").toString());
        assertThat(r.err()).contains("Run these 1 step(s) now? [y/N]", "not applied");
        assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS.code());
        assertThat(fakes.ran()).isEmpty();
    }

    @Test
    void yesAtThePromptRunsThePlanAndChecksAgain() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Run r = fix(fakes, true, "y\n", "fix", "--apply", "--log", tmp.resolve("fix.log").toString());
        assertThat(fakes.ran()).containsExactly(List.of("nvidia-modprobe", "-u", "-c=0"));
        assertThat(r.err()).contains("[1/1] nvidia-modprobe -u -c=0");
        // The fixture host does not change when the fake runs: the re-check says the finding is still there.
        assertThat(r.out()).contains("All 1 step(s) succeeded.", "Checked again:", "still there: device-node.uvm-missing");
        assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS.code());
        assertThat(Files.readString(tmp.resolve("fix.log"))).contains("argv [nvidia-modprobe, -u, -c=0]");
    }

    @Test
    void yesFlagRunsWithoutAskingAndJsonSaysWhatRan() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Run r = fix(fakes, false, "", "fix", "--apply", "--yes", "--format", "json", "--log", tmp.resolve("fix.log").toString());
        assertThat(fakes.ran()).containsExactly(List.of("nvidia-modprobe", "-u", "-c=0"));
        var json = dev.gpudoctor.report.Json.mapper().readTree(r.out());
        assertThat(json.at("/applied/completed").asBoolean()).isTrue();
        assertThat(json.at("/applied/steps/0/argv").toString()).isEqualTo("[\"nvidia-modprobe\",\"-u\",\"-c=0\"]");
        assertThat(json.at("/after/remaining").toString()).contains("device-node.uvm-missing");
    }

    @Test
    void applyRefusesABundleOrAMountedRoot() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Run r = fix(fakes, false, "", "fix", "--apply", "--yes", "--from", Fixtures.bundle("missing-nvidia-uvm").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("can only be planned");
        assertThat(fakes.ran()).isEmpty();
    }
}
