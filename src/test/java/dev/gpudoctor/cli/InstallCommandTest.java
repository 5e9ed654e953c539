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
 * gpu-doctor install --target on "this machine" = the torch-cu130-on-driver-550 fixture (Ubuntu
 * 22.04, driver 550), with fake system commands on PATH that record their argv.
 */
class InstallCommandTest {

    @TempDir
    Path tmp;

    private FixCommandTest.Run install(FakeCommands fakes, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Runtime rt = new Runtime(Map.of("PATH", fakes.path()), new PrintWriter(out, true), new PrintWriter(err, true), false,
                new BufferedReader(new StringReader("")), false);
        Path scratch = Files.createTempDirectory(tmp, "host");
        InstallCommand install = new InstallCommand(rt, env -> {
            try {
                return BundleHost.open(Fixtures.bundle("torch-cu130-on-driver-550"), Files.createTempDirectory(scratch, "open"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, () -> true);
        int code = GpuDoctor.commandLine(rt, List.of(install)).execute(args);
        return new FixCommandTest.Run(code, out.toString(), err.toString());
    }

    /**
     * The plan's first step (driver branch 580) runs; the second names the fixture's interpreter,
     * which does not exist on this machine, so the run stops there and says so.
     */
    @Test
    void runsThePlanInOrderAndStopsWhereAStepFails() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Path log = tmp.resolve("install.log");
        FixCommandTest.Run r = install(fakes, "install", "--target", "torch==2.9.0", "--yes", "--log", log.toString());
        assertThat(fakes.ran()).containsExactly(List.of("ubuntu-drivers", "install", "nvidia:580"));
        assertThat(r.out()).contains("Stopped: step 2 failed (not-found", "/opt/venv/bin/python3 -m pip install torch==2.9.0");
        assertThat(r.exit()).isEqualTo(ExitCode.PROBLEMS.code());
        assertThat(Files.readString(log)).contains("argv [ubuntu-drivers, install, nvidia:580]", "stopped: step 2 failed");
    }

    @Test
    void nothingRunsWithoutConsent() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        FixCommandTest.Run r = install(fakes, "install", "--target", "torch==2.9.0", "--log", tmp.resolve("x.log").toString());
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(fakes.ran()).isEmpty();
    }

    @Test
    void aTargetThatIsNotOneIsAUsageError() throws Exception {
        FixCommandTest.Run r = install(FakeCommands.in(tmp), "install", "--target", "torch>=2", "--yes");
        assertThat(r.exit()).isEqualTo(ExitCode.USAGE.code());
        assertThat(r.err()).contains("is not a target");
    }
}
