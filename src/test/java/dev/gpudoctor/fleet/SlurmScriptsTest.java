package dev.gpudoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.GpuDoctorCommand;
import dev.gpudoctor.testing.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * contrib/slurm's programs where no Slurm is needed: shellcheck, and the mistakes of a site's
 * configuration, each refused with exit 2 and a sentence in slurmd's log rather than a drained
 * cluster. SlurmHealthCheckIT runs them on a real Slurm.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SlurmScriptsTest {

    static final Path HEALTHCHECK = Path.of("contrib/slurm/gpu-doctor-healthcheck").toAbsolutePath();
    static final Path PROLOG = Path.of("contrib/slurm/gpu-doctor-prolog").toAbsolutePath();

    @TempDir
    Path tmp;

    private Proc healthCheck(String config, String... args) throws Exception {
        Path c = Files.writeString(tmp.resolve("gpu-doctor.conf"), config);
        Map<String, String> env = new HashMap<>(Map.of("SLURMD_NODENAME", "gpu-node-07", "GPU_DOCTOR_CONFIG", c.toString(),
                "GPU_DOCTOR_SYSLOG", "no"));
        List<String> argv = new java.util.ArrayList<>(List.of(HEALTHCHECK.toString()));
        argv.addAll(List.of(args));
        return Proc.run(argv, env, Duration.ofSeconds(60));
    }

    @Test
    void bothAreShellcheckClean() {
        Path shellcheck = Proc.onPath("shellcheck");
        assumeTrue(shellcheck != null, "shellcheck is not installed (Debian: shellcheck)");
        Proc r = Proc.run(List.of(shellcheck.toString(), HEALTHCHECK.toString(), PROLOG.toString()), Map.of("PATH", "/usr/bin:/bin"),
                Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingRuns() throws Exception {
        Proc timeout = healthCheck("GPU_DOCTOR_TIMEOUT=1m\n");
        assertThat(timeout.exit()).isEqualTo(2);
        assertThat(timeout.err()).contains("the timeout must be a whole number of seconds above 0, not '1m'");

        Proc failure = healthCheck("GPU_DOCTOR_ON_FAILURE=reboot\n");
        assertThat(failure.exit()).isEqualTo(2);
        assertThat(failure.err()).contains("GPU_DOCTOR_ON_FAILURE must be ignore or drain, not 'reboot'");

        Proc arg = healthCheck("", "--epilog");
        assertThat(arg.exit()).isEqualTo(2);
        assertThat(arg.err()).contains("unknown argument '--epilog'");

        Proc noConfig = Proc.run(List.of(HEALTHCHECK.toString()), Map.of("GPU_DOCTOR_CONFIG", tmp.resolve("absent.conf").toString()),
                Duration.ofSeconds(60));
        assertThat(noConfig.exit()).isEqualTo(2);
        assertThat(noConfig.err()).contains("cannot read GPU_DOCTOR_CONFIG=" + tmp.resolve("absent.conf"));
    }

    /** slurmctld down or scontrol missing: the node is neither drained nor resumed, and the log says why. */
    @Test
    void anScontrolThatFailsIsReportedNotIgnored() throws Exception {
        Path gpuDoctor = GpuDoctorCommand.write(tmp.resolve("bin"));
        Path scontrol = Files.writeString(tmp.resolve("bin/scontrol"),
                "#!/bin/sh\necho 'slurm_load_node error: Unable to contact slurm controller (connect failure)' >&2\nexit 1\n");
        scontrol.toFile().setExecutable(true);

        Proc r = healthCheck("GPU_DOCTOR=" + gpuDoctor + "\nGPU_DOCTOR_ARGS=\"--from " + Fixtures.bundle("missing-nvidia-uvm").toAbsolutePath()
                + "\"\nSCONTROL=" + scontrol + "\n");

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("scontrol show node gpu-node-07 failed: slurm_load_node error: Unable to contact slurm controller");
    }
}
