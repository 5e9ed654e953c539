package dev.gpudoctor.fix.ngc;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fix.Plan;
import dev.gpudoctor.fix.Target;
import dev.gpudoctor.fix.TargetPlanner;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.net.Https;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.LocalhostTls;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * plan --target 'image pytorch' --online on the H200: the matrix picks release 25.12 but states no
 * tag; nvcr.io's tag list (a real HTTPS server standing in for it: the anonymous token, then the
 * tags) gives 25.12-py3, so the plan can pull it, and names the newer releases it does not choose.
 */
class NgcRegistryTest {

    static LocalhostTls tls;

    @TempDir
    Path tmp;

    WireMockServer nvcr;

    @BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        tls = LocalhostTls.create(dir);
    }

    @BeforeEach
    void start() {
        nvcr = new WireMockServer(tls.wireMock());
        nvcr.start();
        nvcr.stubFor(get(urlEqualTo("/proxy_auth?scope=repository%3Anvidia%2Fpytorch%3Apull"))
                .willReturn(aResponse().withBody("{\"token\":\"anonymous-pull-token\"}")));
        nvcr.stubFor(get(urlEqualTo("/v2/nvidia/pytorch/tags/list")).withHeader("Authorization", equalTo("Bearer anonymous-pull-token"))
                .willReturn(aResponse().withBody("{\"name\":\"nvidia/pytorch\",\"tags\":[\"25.11-py3\",\"25.12-py3\",\"25.12-py3-igpu\","
                        + "\"26.08-py3\",\"26.09-py3\",\"bad tag; rm -rf /\"]}")));
    }

    @AfterEach
    void stop() {
        nvcr.stop();
    }

    private NgcRegistry registry() throws Exception {
        return new NgcRegistry(new Https(Map.of(), new Https.Settings(Duration.ofSeconds(2), Duration.ofSeconds(2), 2,
                Duration.ofMillis(50)), tls.trusting()), URI.create("https://localhost:" + nvcr.httpsPort()));
    }

    @Test
    void tagsComeWithTheAnonymousToken() throws Exception {
        assertThat(registry().tags("pytorch")).containsExactly("25.11-py3", "25.12-py3", "25.12-py3-igpu", "26.08-py3", "26.09-py3");
    }

    @Test
    void theRegistryGivesTheChosenReleasesTagAndNamesNewerOnes() throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle("h200-torch-container"), Files.createDirectories(tmp.resolve("h200")));
        HostFacts h200 = Examination.of(host, List.of(), Duration.ofSeconds(30)).facts();
        Plan offline = new TargetPlanner(MatrixLoader.bundled()).plan(h200, Target.parse("image pytorch"));
        assertThat(offline.actions()).isEmpty();
        Plan online = new TargetPlanner(MatrixLoader.bundled(), Optional.of(registry())).plan(h200, Target.parse("image pytorch"));
        assertThat(online.actions()).singleElement().satisfies(i ->
                assertThat(i.fix().steps()).containsExactly(List.of("docker", "pull", "nvcr.io/nvidia/pytorch:25.12-py3")));
        assertThat(online.why()).anyMatch(w -> w.contains("tag 25.12-py3") && w.contains("not in the matrix"))
                .anyMatch(w -> w.contains("newer than the matrix knows (26.09, 26.08)"));
        assertThat(online.advice()).anyMatch(a -> a.fix().summary().contains("docker run --gpus all --rm -it nvcr.io/nvidia/pytorch:25.12-py3"));
    }

    /** The registry down: the plan says so and stays what the matrix alone gives. */
    @Test
    void aRegistryFailureIsSaidNotFatal() throws Exception {
        nvcr.resetAll();
        BundleHost host = BundleHost.open(Fixtures.bundle("h200-torch-container"), Files.createDirectories(tmp.resolve("h200")));
        HostFacts h200 = Examination.of(host, List.of(), Duration.ofSeconds(30)).facts();
        Plan p = new TargetPlanner(MatrixLoader.bundled(), Optional.of(registry())).plan(h200, Target.parse("image pytorch"));
        assertThat(p.actions()).isEmpty();
        assertThat(p.why()).anyMatch(w -> w.startsWith("nvcr.io could not be asked for tags") && w.contains("404"));
    }
}
