package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * check --root reads a file system mounted elsewhere (here the H200 container's files): what files
 * say is reported, what only the running system can say (nvidia-smi) is unknown, not absent, and
 * no finding is drawn from what was not asked.
 */
class MountedRootTest {

    @Test
    void filesAreReadCommandsAreNotAndNothingIsConcludedFromThem() {
        Cli.Run r = Cli.run("check", "--root", Fixtures.bundle("h200-torch-container").resolve("rootfs").toString());
        assertThat(r.out()).contains("nvidia 580.159.04 (open kernel module)", "toolkit 13.0.2 (nvcc 13.0.88, cudart 13.0.96)",
                "9.14.0.64 (/usr/lib/x86_64-linux-gnu)", "nvidia-smi: absent: not run: commands are not run for a mounted root");
        assertThat(r.out()).doesNotContain("container.no-gpu-passed", "gpu.none");
        assertThat(r.exit()).isEqualTo(ExitCode.OK.code());
    }
}
