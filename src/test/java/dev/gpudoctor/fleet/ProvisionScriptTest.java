package dev.gpudoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.GpuDoctorCommand;
import dev.gpudoctor.testing.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/examples/provision.sh on fixture hosts: each of its exit paths, because a provisioning
 * pipeline branches on them (retry a host that could not be checked, send one that fails the
 * requirement back to the driver install, stop on a malformed requirement).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ProvisionScriptTest {

    static final Path SCRIPT = Path.of("docs/examples/provision.sh").toAbsolutePath();

    @TempDir
    static Path shared;
    static Path gpuDoctor;

    @TempDir
    Path tmp;

    @BeforeAll
    static void launcher() throws Exception {
        gpuDoctor = GpuDoctorCommand.write(shared.resolve("bin"));
    }

    private Proc provision(String fixtureOrArgs, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("GPU_DOCTOR", gpuDoctor.toString());
        env.put("GPU_DOCTOR_ARGS", fixtureOrArgs.startsWith("--") ? fixtureOrArgs
                : "--from " + Fixtures.bundle(fixtureOrArgs).toAbsolutePath());
        return provision(env, args);
    }

    private Proc provision(Map<String, String> env, String... args) {
        List<String> argv = new ArrayList<>(List.of(SCRIPT.toString()));
        argv.addAll(List.of(args));
        return Proc.run(argv, env, Duration.ofSeconds(120));
    }

    /** The H200 (driver 580, CUDA 13.0) meets driver>=550,cuda>=12.4: the rest of provisioning runs, its exit status passes through. */
    @Test
    void aHostThatMeetsTheRequirementRunsTheRestOfProvisioning() throws Exception {
        Path marker = tmp.resolve("provisioned");
        Proc r = provision("h200-torch-container", "--", "sh", "-c", "echo next step > \"$0\"; exit 7", marker.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(7);
        assertThat(r.err()).contains("this host meets driver>=550,cuda>=12.4");
        assertThat(Files.readString(marker)).isEqualTo("next step\n");

        Proc gateOnly = provision("h200-torch-container", "--require=cuda>=13.0,cc>=9.0");
        assertThat(gateOnly.exit()).as(gateOnly.err()).isZero();
        assertThat(gateOnly.err()).contains("this host meets cuda>=13.0,cc>=9.0");
    }

    /** Driver 535 (CUDA 12.2) is below the requirement: exit 10, and nothing else runs. */
    @Test
    void anOlderDriverIsRequirementUnmet() throws Exception {
        Path marker = tmp.resolve("provisioned");
        Proc r = provision("torch-cu124-on-driver-535", "--", "touch", marker.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(10);
        assertThat(r.err()).contains("this host does not meet driver>=550,cuda>=12.4;");
        assertThat(marker).doesNotExist();
    }

    /** Unmet with other errors too (no /dev/nvidia-uvm on a 535 host): still 10, the others named. */
    @Test
    void unmetWithOtherErrorsIsStillUnmetAndNamesThem() {
        Proc r = provision("missing-nvidia-uvm");

        assertThat(r.exit()).isEqualTo(10);
        assertThat(r.err()).contains("(other errors: device-node.uvm-missing )");
    }

    /** Driver 550 with CUDA 12.4 meets the requirement, but torch built for CUDA 13.0 cannot run there: 11. */
    @Test
    void aHostThatMeetsTheRequirementButHasErrorsIsEleven() {
        Proc r = provision("torch-cu130-on-driver-550");

        assertThat(r.exit()).isEqualTo(11);
        assertThat(r.err()).contains("this host meets driver>=550,cuda>=12.4 but has errors: framework.cuda-above-driver");
    }

    @Test
    void gpuDoctorThatCannotRunIsTwelve() throws Exception {
        Proc noBundle = provision("--from " + tmp.resolve("no-such-capture"));
        assertThat(noBundle.exit()).isEqualTo(12);
        assertThat(noBundle.err()).contains("gpu-doctor could not run (exit 2): gpu-doctor: no such bundle");

        Map<String, String> env = new HashMap<>(Map.of("PATH", "/usr/bin:/bin", "GPU_DOCTOR", tmp.resolve("missing/gpu-doctor").toString()));
        Proc missing = provision(env);
        assertThat(missing.exit()).isEqualTo(12);
        assertThat(missing.err()).contains("gpu-doctor could not be started (" + tmp.resolve("missing/gpu-doctor") + ")");

        Path hang = tmp.resolve("hanging-gpu-doctor");
        Files.writeString(hang, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("GPU_DOCTOR", hang.toString());
        env.put("GPU_DOCTOR_TIMEOUT", "2");
        Proc hung = provision(env);
        assertThat(hung.exit()).isEqualTo(12);
        assertThat(hung.err()).contains("gpu-doctor did not finish within 2s");
        assertThat(hung.took()).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void aMalformedRequirementOrArgumentIsThirteen() {
        Proc typo = provision("h200-torch-container", "--require", "drvier>=550");
        assertThat(typo.exit()).isEqualTo(13);
        assertThat(typo.err()).contains("gpu-doctor refused the options: gpu-doctor: --require: unknown key 'drvier'");

        Proc arg = provision("h200-torch-container", "--requires", "driver>=550");
        assertThat(arg.exit()).isEqualTo(13);
        assertThat(arg.err()).contains("unknown argument '--requires'");

        Proc empty = provision("h200-torch-container", "--require");
        assertThat(empty.exit()).isEqualTo(13);
        assertThat(empty.err()).contains("--require needs an expression");
    }

    @Test
    void isShellcheckClean() {
        Path shellcheck = Proc.onPath("shellcheck");
        assumeTrue(shellcheck != null, "shellcheck is not installed (Debian: shellcheck)");
        Proc r = Proc.run(List.of(shellcheck.toString(), SCRIPT.toString()), Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(60));
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }
}
