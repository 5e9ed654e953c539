package dev.gpudoctor.fix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.RootedFiles;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Reports;
import dev.gpudoctor.testing.FakeCommands;
import dev.gpudoctor.testing.Fixtures;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real applier (Commons Exec, argv only) against fake system commands that record what they were given. */
class ApplierTest {

    @TempDir
    Path tmp;

    private final StringWriter progress = new StringWriter();

    private Applier applier(FakeCommands fakes, boolean root) {
        return new Applier(new ExecCommandRunner(Map.of("PATH", fakes.path()), new RootedFiles(Path.of("/"))), () -> root,
                Duration.ofSeconds(30), new PrintWriter(progress, true));
    }

    private Plan planFor(String fixture) throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle(fixture), Files.createDirectories(tmp.resolve("scratch-" + fixture)));
        return Plan.forFindings(Reports.diagnose(Examination.of(host, List.of(), Duration.ofSeconds(30)).facts(), List.of()));
    }

    /** A host whose /dev/nvidia-uvm is missing: exactly nvidia-modprobe -u -c=0 runs, and the log says so first. */
    @Test
    void runsExactlyThePlanOfAFixture() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Plan plan = planFor("missing-nvidia-uvm");
        Path log = tmp.resolve("fix.log");
        Applier.Outcome o = applier(fakes, true).apply(plan, log);
        assertThat(o.completed()).isTrue();
        assertThat(fakes.ran()).isEqualTo(plan.actions().stream().flatMap(i -> i.fix().steps().stream()).toList())
                .containsExactly(List.of("nvidia-modprobe", "-u", "-c=0"));
        assertThat(Files.readString(log)).containsSubsequence("run [1/1]", "argv [nvidia-modprobe, -u, -c=0]", "end [1/1] exited exit 0",
                "completed");
        assertThat(progress.toString()).contains("[1/1] nvidia-modprobe -u -c=0", "ok (");
    }

    /** apt-get fails on the second of three steps (a broken mirror): the third never runs, and the report says which failed. */
    @Test
    void stopsAtTheFirstFailedStep() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp).exitingWith("apt-get", 100, "E: Unable to locate package nvidia-driver-999");
        Fix install = new Fix("Install a driver", List.of(List.of("dpkg", "-i", "/tmp/cuda-keyring_1.1-1_all.deb"),
                List.of("apt-get", "install", "-y", "nvidia-driver-999"), List.of("reboot")), true, true, Fix.Risk.CHANGES_KERNEL, null);
        Plan plan = Plan.forFindings(List.of(new Finding("test.driver", Severity.ERROR, "Driver", "no driver", "", List.of(),
                List.of(install))));
        Applier.Outcome o = applier(fakes, true).apply(plan, tmp.resolve("fix.log"));
        assertThat(o.completed()).isFalse();
        assertThat(o.stoppedBecause()).contains("step 2 failed", "exit code 100", "Unable to locate package nvidia-driver-999");
        assertThat(fakes.ran()).extracting(a -> a.get(0)).containsExactly("dpkg", "apt-get");
        assertThat(Files.readString(tmp.resolve("fix.log"))).contains("stderr| E: Unable to locate package", "stopped: step 2 failed")
                .doesNotContain("argv [reboot]");
    }

    /** Root steps without root: nothing runs, and the user is told to use sudo. */
    @Test
    void refusesRootStepsWithoutRoot() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Applier.Outcome o = applier(fakes, false).apply(planFor("missing-nvidia-uvm"), tmp.resolve("fix.log"));
        assertThat(o.completed()).isFalse();
        assertThat(o.stoppedBecause()).contains("sudo", "nothing was run");
        assertThat(fakes.ran()).isEmpty();
    }

    /** A step that hangs (apt waiting on a lock) is stopped at the step timeout and ends the run. */
    @Test
    void aHungStepIsStopped() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Path hang = Path.of(fakes.path()).resolve("apt-get");
        Files.writeString(hang, "#!/bin/sh\nexec /bin/sleep 30\n");
        Applier a = new Applier(new ExecCommandRunner(Map.of("PATH", fakes.path()), new RootedFiles(Path.of("/"))), () -> true,
                Duration.ofMillis(500), new PrintWriter(progress, true));
        Plan plan = Plan.forFindings(List.of(new Finding("test.x", Severity.ERROR, "x", "x", "", List.of(),
                List.of(new Fix("install", List.of(List.of("apt-get", "install", "-y", "x"), List.of("reboot")), true, false,
                        Fix.Risk.CHANGES_PACKAGES, null)))));
        long t0 = System.nanoTime();
        Applier.Outcome o = a.apply(plan, tmp.resolve("fix.log"));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        assertThat(o.stoppedBecause()).contains("timed-out");
        assertThat(fakes.ran()).isEmpty();
    }

    /** Two findings answered by the same reboot: one action answering both. */
    @Test
    void theSameFixIsPlannedOnce() {
        Fix reboot = new Fix("Reboot", List.of(List.of("reboot")), true, true, Fix.Risk.CHANGES_KERNEL, null);
        Plan plan = Plan.forFindings(List.of(
                new Finding("a.one", Severity.ERROR, "x", "first", "", List.of(), List.of(reboot)),
                new Finding("a.two", Severity.ERROR, "x", "second", "", List.of(), List.of(reboot,
                        Fix.advice("or wait", null)))));
        assertThat(plan.actions()).singleElement().satisfies(i -> assertThat(i.answers()).containsExactly("first (a.one)", "second (a.two)"));
        assertThat(plan.stepCount()).isEqualTo(1);
        assertThat(PlanText.render(plan)).contains("$ reboot", "[root, changes-kernel, reboot]");
    }

    /**
     * A fix that writes a file before its commands (the nouveau blacklist, then the initramfs): the file
     * is written whole, then the commands run; a file that cannot be written stops the run before them.
     */
    @Test
    void writesFilesBeforeCommandsAndStopsWhenOneCannotBeWritten() throws Exception {
        FakeCommands fakes = FakeCommands.in(tmp);
        Path conf = Files.createDirectories(tmp.resolve("etc/modprobe.d")).resolve("blacklist-nouveau.conf");
        Fix fix = new Fix("Blacklist nouveau", List.of(new Fix.FileWrite(conf.toString(), "blacklist nouveau\noptions nouveau modeset=0\n")),
                List.of(List.of("update-initramfs", "-u")), true, true, Fix.Risk.CHANGES_KERNEL, null);
        Plan plan = Plan.forFindings(List.of(new Finding("gpu.nouveau-bound", Severity.ERROR, "x", "nouveau", "", List.of(), List.of(fix))));
        Applier.Outcome o = applier(fakes, true).apply(plan, tmp.resolve("fix.log"));
        assertThat(o.completed()).isTrue();
        assertThat(Files.readString(conf)).isEqualTo("blacklist nouveau\noptions nouveau modeset=0\n");
        assertThat(fakes.ran()).containsExactly(List.of("update-initramfs", "-u"));
        assertThat(o.rebootNeeded()).isTrue();
        assertThat(PlanText.render(plan)).contains("write " + conf + ":", "| options nouveau modeset=0", "$ update-initramfs -u");

        FakeCommands again = FakeCommands.in(Files.createDirectories(tmp.resolve("again")));
        Fix unwritable = new Fix("Blacklist nouveau", List.of(new Fix.FileWrite(tmp.resolve("no/such/dir/x.conf").toString(), "x\n")),
                List.of(List.of("update-initramfs", "-u")), true, true, Fix.Risk.CHANGES_KERNEL, null);
        Applier.Outcome failed = applier(again, true).apply(Plan.forFindings(List.of(new Finding("gpu.nouveau-bound", Severity.ERROR,
                "x", "nouveau", "", List.of(), List.of(unwritable)))), tmp.resolve("again.log"));
        assertThat(failed.stoppedBecause()).contains("step 1 failed", "cannot write");
        assertThat(again.ran()).isEmpty();
        assertThat(tmp.resolve("no")).doesNotExist();
    }

    /** Display quoting is for people only; it must still read back as the same words. */
    @Test
    void shownArgvQuotesWhatAShellWouldSplit() {
        assertThat(PlanText.shown(List.of("pip", "install", "torch==2.5.1", "--index-url", "https://download.pytorch.org/whl/cu124")))
                .isEqualTo("pip install torch==2.5.1 --index-url https://download.pytorch.org/whl/cu124");
        assertThat(PlanText.shown(List.of("echo", "a b", "it's", "$(reboot)"))).isEqualTo("echo 'a b' 'it'\\''s' '$(reboot)'");
    }
}
