package dev.gpudoctor.probe.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.ContainerFacts.Constraint;
import dev.gpudoctor.fact.section.ContainerFacts.RequireCuda;
import dev.gpudoctor.fact.section.ContainerFacts.Wsl;
import dev.gpudoctor.testing.CapturedSamples;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerParsersTest {

    static final String BINARY = new String(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 0, (byte) 0xff, '=', 1},
            StandardCharsets.UTF_8);
    static final String WSL2 = "Linux version 5.15.167.4-microsoft-standard-WSL2 (root@f9c826d3017f) (gcc (GCC) 11.2.0, "
            + "GNU ld (GNU Binutils) 2.37) #1 SMP Tue Nov 5 00:21:55 UTC 2024\n";
    static final String WSL1 = "Linux version 4.4.0-19041-Microsoft (Microsoft@Microsoft.com) (gcc version 5.4.0 (GCC) ) "
            + "#1237-Microsoft Sat Sep 11 14:32:00 PST 2021\n";

    private static String h200RequireCuda() {
        return CapturedSamples.env("samples/h200/commands/env.txt").get("NVIDIA_REQUIRE_CUDA");
    }

    @Test
    void theH200ImagesRequirementHas61Alternatives() {
        Fact<RequireCuda> f = RequireCudaParser.parse(h200RequireCuda());

        RequireCuda r = f.value();
        // cuda>=13.0 alone, then 12 brands for each of the driver branches 535, 550, 565, 570, 575.
        assertThat(r.alternatives()).hasSize(61);
        assertThat(r.alternatives().get(0)).containsExactly(new Constraint("cuda", ">=", "13.0"));
        assertThat(r.alternatives().get(1)).containsExactly(
                new Constraint("brand", "=", "unknown"), new Constraint("driver", ">=", "535"),
                new Constraint("driver", "<", "536"));
        assertThat(r.alternatives().get(60)).containsExactly(
                new Constraint("brand", "=", "cloudgaming"), new Constraint("driver", ">=", "575"),
                new Constraint("driver", "<", "576"));
        assertThat(r.raw()).isEqualTo(h200RequireCuda());
    }

    @Test
    void everyOperatorAndArch() {
        RequireCuda r = RequireCudaParser.parse("cuda>12.0,cuda<=12.9,arch=9.0,driver!=550.54.14").value();

        assertThat(r.alternatives()).containsExactly(List.of(new Constraint("cuda", ">", "12.0"),
                new Constraint("cuda", "<=", "12.9"), new Constraint("arch", "=", "9.0"),
                new Constraint("driver", "!=", "550.54.14")));
    }

    @Test
    void aBadTokenIsNamed() {
        assertThat(RequireCudaParser.parse("cuda>=13.0 brand=tesla,drver>=535").why())
                .isEqualTo("bad NVIDIA_REQUIRE_CUDA token \"drver>=535\": unknown key drver (cuda, driver, arch or brand)");
        assertThat(RequireCudaParser.parse("cuda>=thirteen").why()).contains("\"cuda>=thirteen\": not a version");
        assertThat(RequireCudaParser.parse("cuda=>13.0").why()).contains("\"cuda=>13.0\"");
        assertThat(RequireCudaParser.parse("brand=tesla,").why()).contains("token \"\"");
        assertThat(RequireCudaParser.parse(BINARY).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void aRequirementCutMidTokenFails() {
        String cut = h200RequireCuda().substring(0, h200RequireCuda().indexOf("driver<536") + 7);

        Fact<RequireCuda> f = RequireCudaParser.parse(cut);

        assertThat(f.status()).isEqualTo(Status.FAILED);
        assertThat(f.why()).contains("\"driver<\"");
    }

    @Test
    void anEmptyRequirementIsAbsent() {
        assertThat(RequireCudaParser.parse("").status()).isEqualTo(Status.ABSENT);
        assertThat(RequireCudaParser.parse("  ").status()).isEqualTo(Status.ABSENT);
    }

    @Test
    void cgroupPathsNameTheRuntime() {
        assertThat(CgroupParser.runtime("12:pids:/kubepods/burstable/pod5f3e/4c1d\n11:cpu:/kubepods/burstable/pod5f3e/4c1d\n"))
                .contains("kubernetes");
        assertThat(CgroupParser.runtime("0::/kubepods.slice/kubepods-besteffort.slice/cri-containerd-9a.scope\n"))
                .contains("kubernetes");
        assertThat(CgroupParser.runtime("12:memory:/docker/8e0f6f4b3c2a\n")).contains("docker");
        assertThat(CgroupParser.runtime("0::/system.slice/containerd.service\n")).contains("containerd");
        assertThat(CgroupParser.runtime("0::/lxc.payload.ubuntu/\n")).contains("lxc");
    }

    @Test
    void theDevelopmentMachinesCgroupV2NamespaceTellsNothing() {
        assertThat(CgroupParser.runtime(CapturedSamples.text("samples/devhost/rootfs/proc/1/cgroup"))).isEmpty();
        assertThat(CgroupParser.runtime(BINARY)).isEmpty();
    }

    @Test
    void wslBanners() {
        assertThat(WslParser.parse(WSL2, false).value()).isEqualTo(new Wsl(2, WSL2.strip(), false));
        assertThat(WslParser.parse(WSL1, false).value().version()).isEqualTo(1);
        // A custom WSL2 kernel may drop the suffix; /usr/lib/wsl/lib still says WSL2.
        assertThat(WslParser.parse("Linux version 6.6.36.3-microsoft-custom (me@box) #1 SMP\n", true).value().version())
                .isEqualTo(2);
    }

    @Test
    void linuxBannersAreNotWsl() {
        assertThat(WslParser.parse(CapturedSamples.text("samples/h200/rootfs/proc/version"), false).status())
                .isEqualTo(Status.ABSENT);
        assertThat(WslParser.parse("", false).status()).isEqualTo(Status.ABSENT);
        assertThat(WslParser.parse(BINARY, false).status()).isEqualTo(Status.ABSENT);
    }

    /** Found by ContainerParsersFuzzTest: C1 controls were echoed, and an unknown key was quoted whole. */
    @Test
    void aBadTokenIsQuotedShortAndWithoutControlCharacters() {
        assertThat(RequireCudaParser.parse("\u0095").why()).isEqualTo("bad NVIDIA_REQUIRE_CUDA token \"?\": not key, operator, value");
        assertThat(RequireCudaParser.parse("adr".repeat(2_000) + ">=1").why()).hasSizeLessThan(160).contains("unknown key adradr");
    }
}
