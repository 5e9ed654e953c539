package dev.gpudoctor.matrix.update;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.gpudoctor.report.Json;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * matrix update against a real HTTPS server (WireMock on localhost, its self-signed certificate
 * trusted by the test's TLS context only): every way a download can go wrong, and an install that
 * is killed halfway. Nothing here touches the internet.
 */
class MatrixUpdateTest {

    static final dev.gpudoctor.net.Https.Settings FAST = new dev.gpudoctor.net.Https.Settings(Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
            Duration.ofMillis(50));

    @TempDir
    Path tmp;

    WireMockServer server;
    MatrixCache cache;
    Path published;

    static dev.gpudoctor.testing.LocalhostTls tls;

    @org.junit.jupiter.api.BeforeAll
    static void certificate(@TempDir Path dir) throws Exception {
        tls = dev.gpudoctor.testing.LocalhostTls.create(dir);
    }

    @BeforeEach
    void start() throws Exception {
        server = new WireMockServer(tls.wireMock());
        server.start();
        cache = new MatrixCache(tmp.resolve("cache"));
        published = tmp.resolve("pub");
        MatrixPublisher.publish(Path.of(System.getProperty("basedir", "."), "compat-matrix"), published);
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private URI base() {
        return URI.create("https://localhost:" + server.httpsPort() + "/m/");
    }

    private MatrixUpdater updater() throws Exception {
        return new MatrixUpdater(new MatrixFetcher(Map.of(), FAST, trustingTestCertificate()), cache);
    }

    /** Serves a published folder under /m/, the index with an ETag. */
    private void serve(Path folder, String etag) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.toList()) {
                var response = aResponse().withStatus(200).withBody(Files.readAllBytes(f));
                if (f.getFileName().toString().equals("index.json")) {
                    response.withHeader("ETag", etag);
                }
                server.stubFor(get(urlEqualTo("/m/" + f.getFileName())).willReturn(response));
            }
        }
    }

    /** A copy of the published matrix with one file changed and the index made to match it. */
    private Path variant(String name, java.util.function.UnaryOperator<String> edit) throws Exception {
        Path v = Files.createTempDirectory(tmp, "variant");
        try (Stream<Path> files = Files.list(published)) {
            for (Path f : files.toList()) {
                Files.copy(f, v.resolve(f.getFileName().toString()));
            }
        }
        Path f = v.resolve(name);
        Files.writeString(f, edit.apply(Files.readString(f)));
        MatrixIndex old = Json.mapper().readValue(v.resolve("index.json").toFile(), MatrixIndex.class);
        List<MatrixIndex.FileEntry> entries = new ArrayList<>();
        String version = old.matrixVersion();
        for (MatrixIndex.FileEntry e : old.files()) {
            byte[] b = Files.readAllBytes(v.resolve(e.name()));
            entries.add(new MatrixIndex.FileEntry(e.name(), b.length, Sha256.hex(b)));
            if (e.name().equals("matrix.yaml")) {
                var m = java.util.regex.Pattern.compile("matrixVersion: \"([0-9-]+)\"").matcher(new String(b, StandardCharsets.UTF_8));
                version = m.find() ? m.group(1) : version;
            }
        }
        Files.writeString(v.resolve("index.json"), Json.write(new MatrixIndex(old.format(), old.formatVersion(), old.schemaVersion(),
                version, entries)));
        return v;
    }

    private static String dated(String matrixYaml, String date) {
        return matrixYaml.replaceFirst("matrixVersion: \"[0-9-]+\"", "matrixVersion: \"" + date + "\"");
    }

    @Test
    void successInstallsAndTheMatrixLoads() throws Exception {
        serve(published, "\"v1\"");
        MatrixUpdater.Outcome o = updater().update(base(), false, () -> { });
        assertThat(o.changed()).isTrue();
        assertThat(cache.load()).isPresent();
        assertThat(cache.source().orElseThrow().etag()).isEqualTo("\"v1\"");
    }

    /** An unchanged matrix costs one small request: the index, answered 304 to If-None-Match. */
    @Test
    void notModifiedCostsOneRequest() throws Exception {
        serve(published, "\"v1\"");
        updater().update(base(), false, () -> { });
        server.resetRequests();
        server.stubFor(get(urlEqualTo("/m/index.json")).withHeader("If-None-Match", equalTo("\"v1\""))
                .willReturn(aResponse().withStatus(304)));
        MatrixUpdater.Outcome o = updater().update(base(), false, () -> { });
        assertThat(o.changed()).isFalse();
        assertThat(o.message()).startsWith("unchanged");
        assertThat(server.getAllServeEvents()).hasSize(1);
    }

    @Test
    void notFoundSaysSo() throws Exception {
        server.stubFor(get(urlEqualTo("/m/index.json")).willReturn(aResponse().withStatus(404)));
        var e = catchThrowableOfType(() -> updater().update(base(), false, () -> { }), MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("answered 404", "check --url");
        assertThat(cache.current()).isEmpty();
    }

    @Test
    void aServerErrorIsRetriedThenSucceeds() throws Exception {
        serve(published, "\"v1\"");
        server.stubFor(get(urlEqualTo("/m/index.json")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(500)).willSetStateTo("recovered"));
        server.stubFor(get(urlEqualTo("/m/index.json")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withBody(Files.readAllBytes(published.resolve("index.json")))));
        assertThat(updater().update(base(), false, () -> { }).changed()).isTrue();
        server.verify(2, getRequestedFor(urlEqualTo("/m/index.json")));
    }

    @Test
    void persistentServerErrorsGiveUpAfterTheLastAttempt() throws Exception {
        server.stubFor(get(urlEqualTo("/m/index.json")).willReturn(aResponse().withStatus(503)));
        var e = catchThrowableOfType(() -> updater().update(base(), false, () -> { }), MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("answered 503", "after 3 attempts");
    }

    /** A server that dribbles its body past the timeout is cut off, each attempt. */
    @Test
    void aSlowBodyTimesOut() throws Exception {
        server.stubFor(get(urlEqualTo("/m/index.json")).willReturn(aResponse().withStatus(200)
                .withBody(Files.readAllBytes(published.resolve("index.json"))).withChunkedDribbleDelay(20, 6000)));
        long t0 = System.nanoTime();
        var e = catchThrowableOfType(() -> updater().update(base(), false, () -> { }), MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("did not answer within 2 s");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(3 * 2 + 2);
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        serve(published, "\"v1\"");
        byte[] cudnn = Files.readAllBytes(published.resolve("cudnn.yaml"));
        server.stubFor(get(urlEqualTo("/m/cudnn.yaml")).willReturn(aResponse().withStatus(200)
                .withBody(java.util.Arrays.copyOf(cudnn, cudnn.length - 100))));
        var e = catchThrowableOfType(() -> updater().update(base(), false, () -> { }), MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("cudnn.yaml", "(truncated)", "the installed matrix is unchanged");
        assertThat(cache.current()).isEmpty();
    }

    @Test
    void aChecksumMismatchIsRefused() throws Exception {
        serve(published, "\"v1\"");
        byte[] cudnn = Files.readAllBytes(published.resolve("cudnn.yaml"));
        cudnn[cudnn.length / 2] ^= 1;
        server.stubFor(get(urlEqualTo("/m/cudnn.yaml")).willReturn(aResponse().withStatus(200).withBody(cudnn)));
        var e = catchThrowableOfType(() -> updater().update(base(), false, () -> { }), MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("checksum mismatch");
    }

    /** Checksums match, but the content breaks the schema (a misspelt field): validated before install. */
    @Test
    void aSchemaInvalidMatrixIsRefused() throws Exception {
        serve(variant("cudnn.yaml", y -> y.replaceFirst("source:", "sorce:")), "\"v2\"");
        var e = catchThrowableOfType(() -> updater().update(base(), false, () -> { }), MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("does not validate", "cudnn.yaml");
        assertThat(cache.current()).isEmpty();
    }

    @Test
    void anOlderMatrixIsRefusedUnlessAllowed() throws Exception {
        serve(variant("matrix.yaml", y -> dated(y, "2020-01-01")), "\"old\"");
        var e = catchThrowableOfType(() -> updater().update(base(), false, () -> { }), MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("2020-01-01", "older than the one in use", "--allow-downgrade");
        assertThat(updater().update(base(), true, () -> { }).changed()).isTrue();
        assertThat(cache.source().orElseThrow().matrixVersion()).isEqualTo("2020-01-01");
    }

    /** Killed after the new version is written but before current moves: the old matrix stays in use and loads. */
    @Test
    void aKillDuringInstallLeavesTheOldMatrix() throws Exception {
        serve(published, "\"v1\"");
        updater().update(base(), false, () -> { });
        Path before = cache.current().orElseThrow().toRealPath();
        server.resetAll();
        serve(variant("matrix.yaml", y -> dated(y, "2099-01-01")), "\"v2\"");
        Throwable killed = org.assertj.core.api.Assertions.catchThrowable(() -> updater().update(base(), false, () -> {
            throw new IllegalStateException("killed");
        }));
        assertThat(killed).hasMessage("killed");
        assertThat(cache.current().orElseThrow().toRealPath()).isEqualTo(before);
        assertThat(cache.load()).isPresent();
        assertThat(cache.source().orElseThrow().matrixVersion()).isNotEqualTo("2099-01-01");
        // The next run completes it.
        assertThat(updater().update(base(), false, () -> { }).matrixVersion()).isEqualTo("2099-01-01");
    }

    /** HTTPS_PROXY is used: the request goes to the proxy as a CONNECT for the matrix host. */
    @Test
    void theProxyIsUsed() throws Exception {
        try (ServerSocket proxy = new ServerSocket(0)) {
            CompletableFuture<String> firstLine = CompletableFuture.supplyAsync(() -> {
                try (Socket s = proxy.accept()) {
                    return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII)).readLine();
                } catch (Exception e) {
                    return "error: " + e;
                }
            });
            MatrixFetcher viaProxy = new MatrixFetcher(Map.of("HTTPS_PROXY", "http://127.0.0.1:" + proxy.getLocalPort()), FAST, trustingTestCertificate());
            var e = catchThrowableOfType(() -> new MatrixUpdater(viaProxy, cache).update(URI.create("https://matrix.corp.example/m/"),
                    false, () -> { }), MatrixUpdater.Refused.class);
            assertThat(e).isNotNull();
            assertThat(firstLine.get(10, java.util.concurrent.TimeUnit.SECONDS)).startsWith("CONNECT matrix.corp.example:443");
        }
        assertThat(dev.gpudoctor.net.Https.bypasses(List.of(".corp.example"), "matrix.corp.example")).isTrue();
        assertThat(dev.gpudoctor.net.Https.bypasses(List.of("corp.example"), "matrix.corp.example")).isTrue();
        assertThat(dev.gpudoctor.net.Https.bypasses(List.of("other.example"), "matrix.corp.example")).isFalse();
        assertThat(dev.gpudoctor.net.Https.bypasses(List.of("*"), "anything")).isTrue();
    }

    /** Without the test's trust, WireMock's self-signed certificate is a TLS failure, said as such. */
    @Test
    void anUntrustedCertificateIsATlsFailure() throws Exception {
        serve(published, "\"v1\"");
        MatrixUpdater strict = new MatrixUpdater(new MatrixFetcher(Map.of(), FAST), cache);
        var e = catchThrowableOfType(() -> strict.update(base(), false, () -> { }), MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("TLS failure");
    }

    @Test
    void plainHttpIsRefused() throws Exception {
        var e = catchThrowableOfType(() -> updater().update(URI.create("http://localhost:" + server.port() + "/m/"), false, () -> { }),
                MatrixUpdater.Refused.class);
        assertThat(e.getMessage()).contains("only https://");
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    private static SSLContext trustingTestCertificate() throws Exception {
        return tls.trusting();
    }
}
