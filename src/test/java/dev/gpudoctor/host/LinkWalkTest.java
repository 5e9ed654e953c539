package dev.gpudoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The walk every file view shares, over a table of links shaped like a CUDA install. */
class LinkWalkTest {

    private static final Map<String, String> LINKS = Map.of(
            "/usr/local/cuda", "cuda-13.0",                        // relative, as update-alternatives leaves it
            "/etc/alternatives/cuda", "/usr/local/cuda-13.0",       // absolute: restarts at "/"
            "/usr/local/cuda-13.0/lib64", "targets/x86_64-linux/lib",
            "/loop/a", "b",
            "/loop/b", "a");

    private final List<String> asked = new ArrayList<>();

    private LinkWalk.Result<String> walk(String path) {
        return LinkWalk.resolve(path, p -> {
            asked.add(p);
            if (p.startsWith("/missing")) {
                return new LinkWalk.Stop<>("no such file: " + p);
            }
            String target = LINKS.get(p);
            return target == null ? new LinkWalk.Entry<>() : new LinkWalk.Link<>(target);
        }, "too many links");
    }

    @Test
    void relativeLinksResolveBesideThemselvesAndChainIntoTheirTargets() {
        assertThat(walk("/usr/local/cuda/lib64/libcudart.so.13").path())
                .isEqualTo("/usr/local/cuda-13.0/targets/x86_64-linux/lib/libcudart.so.13");
    }

    @Test
    void anAbsoluteLinkRestartsAtTheRootAndDotsApplyAfterLinks() {
        assertThat(walk("/etc/alternatives/cuda/../cuda-12.8/./bin").path()).isEqualTo("/usr/local/cuda-12.8/bin");
    }

    @Test
    void dotDotNeverLeavesTheRoot() {
        assertThat(walk("/../../etc/os-release").path()).isEqualTo("/etc/os-release");
    }

    @Test
    void aLinkLoopStopsAfterTheKernelsLimit() {
        LinkWalk.Result<String> r = walk("/loop/a/x");
        assertThat(r.path()).isNull();
        assertThat(r.stopped()).isEqualTo("too many links");
        assertThat(asked.stream().filter(p -> p.startsWith("/loop/"))).hasSize(LinkWalk.MAX_LINK_HOPS + 1);
    }

    @Test
    void theCallersReasonStopsTheWalkAtThatComponent() {
        LinkWalk.Result<String> r = walk("/missing/lib/libcuda.so.1");
        assertThat(r.path()).isNull();
        assertThat(r.stopped()).isEqualTo("no such file: /missing");
        assertThat(asked).containsExactly("/missing");
    }
}
