package dev.gpudoctor.probe.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Hostile and broken cgroup files, kernel banners and NVIDIA_REQUIRE_CUDA never crash their parsers. */
class ContainerParsersFuzzTest {

    @Test
    void cgroup() {
        // The devhost's "0::/" and the shapes of kubernetes, docker, containerd and lxc as ContainerParsersTest writes them.
        var seeds = Seeds.all(Seeds.samples("devhost/rootfs/proc/1/cgroup"),
                Seeds.texts("12:pids:/kubepods/burstable/pod5f3e/4c1d\n11:cpu:/kubepods/burstable/pod5f3e/4c1d\n",
                        "0::/system.slice/docker-8e0f6f4b3c2a.scope\n", "0::/lxc.payload.ubuntu/\n"));
        var s = Fuzz.run("CgroupParser", new Mutator(seeds), in -> CgroupParser.runtime(Fuzz.text(in)).orElse("none"));
        assertThat(s.outcomes()).hasSizeGreaterThan(2);
    }

    /** The banners of all fixtures, WSL1 and WSL2 among them, with and without /usr/lib/wsl/lib. */
    @Test
    void wslBanner() {
        var s = Fuzz.run("WslParser", new Mutator(Seeds.fixtures("rootfs/proc/version")), in -> {
            String banner = Fuzz.text(in);
            return Fuzz.outcome(WslParser.parse(banner, true)) + "/" + Fuzz.outcome(WslParser.parse(banner, false));
        });
        assertThat(s.count("found/found")).isPositive();
        assertThat(s.count("absent/absent")).isPositive();
    }

    /** The NVIDIA_REQUIRE_CUDA of every fixture's captured environment (the CUDA images' long brand lists). */
    @Test
    void requireCuda() {
        var s = Fuzz.run("RequireCudaParser", new Mutator(requireCudaValues()),
                in -> Fuzz.outcome(RequireCudaParser.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    private static List<byte[]> requireCudaValues() {
        Pattern p = Pattern.compile("(?m)^  NVIDIA_REQUIRE_CUDA: '([^']*)'$");
        List<byte[]> out = new ArrayList<>();
        for (byte[] manifest : Seeds.fixtures("bundle.yaml")) {
            Matcher m = p.matcher(new String(manifest, StandardCharsets.UTF_8));
            while (m.find()) {
                out.add(m.group(1).getBytes(StandardCharsets.UTF_8));
            }
        }
        assertThat(out).isNotEmpty();
        return out;
    }
}
