package dev.gpudoctor.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import org.junit.jupiter.api.Test;

/** Hostile and broken package databases never crash their parsers. */
class PackageListsFuzzTest {

    @Test
    void dpkgStatus() {
        var s = Fuzz.run("DpkgStatus", new Mutator(Seeds.fixtures("rootfs/var/lib/dpkg/status")),
                in -> Fuzz.outcome(DpkgStatus.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void rpmList() {
        // rpm -qa output as RpmList.ARGV prints it on a RHEL host with CUDA and cuDNN (no capture kept one).
        var seeds = Seeds.texts("cuda-toolkit-12-4 12.4.1-1\ncudnn 9.1.0.70-1\nkernel 5.14.0-427.13.1.el9_4\n",
                "libcudnn9-cuda-12 9.5.1.17-1\nnvidia-driver 3:550.54.15-1.el9\nkmod-nvidia-open-dkms 3:550.54.15-1.el9\n",
                "error: rpmdb open failed\n");
        var s = Fuzz.run("RpmList", new Mutator(seeds), in -> Fuzz.outcome(RpmList.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }
}
