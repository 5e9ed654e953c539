package dev.gpudoctor.fleet;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.GpuDoctorCommand;
import dev.gpudoctor.testing.LocalhostTls;
import dev.gpudoctor.testing.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The script of the gpu-doctor DaemonSet (the ConfigMap in docker/k8s/gpu-doctor.yaml), taken
 * from the manifest and run with /bin/sh as its containers run it: check rounds with gpu-doctor
 * replaying fixture hosts, and the labels it publishes sent by curl over TLS to an HTTPS server
 * standing in for the API server, with the service-account token and CA files laid out as the
 * kubelet mounts them.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KubernetesNodeScriptTest {

    static final String P = "nvidia.com/gpu-doctor.";
    static final Duration BOUND = Duration.ofSeconds(120);

    @TempDir
    static Path shared;

    static Path script;
    static Path gpuDoctor;
    static LocalhostTls tls;

    @TempDir
    Path tmp;

    WireMockServer server;

    /** The script as the ConfigMap holds it. */
    static String script() throws Exception {
        for (JsonNode d : new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(
                Files.readString(KubernetesManifestTest.MANIFEST)).readAll()) {
            if (d.path("kind").asText().equals("ConfigMap")) {
                return d.path("data").path("gpu-doctor-node.sh").asText();
            }
        }
        throw new AssertionError("no ConfigMap in " + KubernetesManifestTest.MANIFEST);
    }

    @BeforeAll
    static void extract() throws Exception {
        script = Files.writeString(shared.resolve("gpu-doctor-node.sh"), script());
        gpuDoctor = GpuDoctorCommand.write(shared.resolve("bin"));
        tls = LocalhostTls.create(Files.createDirectories(shared.resolve("tls")));
    }

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private Map<String, String> checkEnv(String gpuDoctorArgs) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("GPU_DOCTOR", gpuDoctor.toString());
        env.put("GPU_DOCTOR_ARGS", gpuDoctorArgs);
        env.put("TEXTFILE", tmp.resolve("textfile/gpu-doctor.prom").toString());
        env.put("LABELS_FILE", tmp.resolve("labels/labels.json").toString());
        return env;
    }

    private Proc checkOnce(Map<String, String> env) throws Exception {
        Files.createDirectories(tmp.resolve("textfile"));
        Files.createDirectories(tmp.resolve("labels"));
        return Proc.run(List.of("/bin/sh", script.toString(), "check", "--once"), env, BOUND);
    }

    private Map<String, String> labels() throws Exception {
        JsonNode patch = new ObjectMapper().readTree(tmp.resolve("labels/labels.json").toFile());
        assertThat(patch.fieldNames()).toIterable().containsExactly("metadata");
        assertThat(patch.path("metadata").fieldNames()).toIterable().containsExactly("labels");
        Map<String, String> labels = new LinkedHashMap<>();
        patch.path("metadata").path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        return labels;
    }

    private String textfileValue(String metric) throws Exception {
        return Files.readString(tmp.resolve("textfile/gpu-doctor.prom")).lines().filter(l -> l.startsWith(metric + " ")).findFirst()
                .orElseThrow().substring(metric.length() + 1);
    }

    /** The H200 replay: healthy (two info findings), its driver and CUDA in GPU Feature Discovery's style. */
    @Test
    void theH200HostIsLabelledOkWithItsVersions() throws Exception {
        Proc r = checkOnce(checkEnv("--from " + Fixtures.bundle("h200-torch-container").toAbsolutePath()));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("check: ok (errors 0, warnings 0)");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(P + "status", "ok");
        expected.put(P + "error", null);
        expected.put(P + "errors", "0");
        expected.put(P + "warnings", "0");
        String reported = Files.readString(tmp.resolve("textfile/gpu-doctor.prom")).replaceAll("(?s).*\ngpu_doctor_info\\{[^}]*version=\"([^\"]+)\".*", "$1");
        expected.put(P + "version", reported);
        expected.put(P + "cuda.driver.major", "580");
        expected.put(P + "cuda.driver.minor", "159");
        expected.put(P + "cuda.driver.rev", "04");
        expected.put(P + "cuda.runtime.major", "13");
        expected.put(P + "cuda.runtime.minor", "0");
        expected.put(P + "gpu.count", "1");
        expected.put(P + "gpu.product", "NVIDIA-H200");
        expected.put(P + "timestamp", textfileValue("gpu_doctor_last_check_timestamp_seconds"));
        assertThat(labels()).containsExactlyEntriesOf(expected);
        assertThat(reported).matches("\\d+\\.\\d+\\.\\d+[-.A-Za-z0-9]*");
        // The textfile is the report itself, whole.
        String textfile = Files.readString(tmp.resolve("textfile/gpu-doctor.prom"));
        assertThat(textfile).contains("gpu_doctor_check_ok 1", "gpu_doctor_driver_info{cuda_version=\"13.0\",driver_version=\"580.159.04\"} 1");
        try (var files = Files.list(tmp.resolve("textfile"))) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no temporary file left beside it").containsExactly("gpu-doctor.prom");
        }
    }

    /** A torch built for CUDA 13.0 on a 550 driver (CUDA 12.4): status error and the first error's code. */
    @Test
    void aFailingHostIsLabelledErrorWithItsFirstErrorCode() throws Exception {
        Proc r = checkOnce(checkEnv("--from " + Fixtures.bundle("torch-cu130-on-driver-550").toAbsolutePath()));

        assertThat(r.exit()).as("a check that found problems still did its round: " + r.err()).isZero();
        Map<String, String> l = labels();
        assertThat(l).containsEntry(P + "status", "error").containsEntry(P + "error", "framework.cuda-above-driver")
                .containsEntry(P + "errors", "1").containsEntry(P + "warnings", "1").containsEntry(P + "cuda.driver.major", "550")
                .containsEntry(P + "cuda.driver.minor", "54").containsEntry(P + "cuda.driver.rev", "15")
                .containsEntry(P + "cuda.runtime.major", "12").containsEntry(P + "cuda.runtime.minor", "4")
                .containsEntry(P + "gpu.product", "NVIDIA-L40S");
    }

    /** No driver: the version labels are removed (null in the merge patch), not left from an older check. */
    @Test
    void aHostWithoutADriverRemovesTheVersionLabels() throws Exception {
        Proc r = checkOnce(checkEnv("--from " + Fixtures.bundle("gpu-on-pci-no-driver").toAbsolutePath()));

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, String> l = labels();
        assertThat(l).containsEntry(P + "status", "error").containsEntry(P + "error", "gpu.no-driver");
        for (String k : List.of("cuda.driver.major", "cuda.driver.minor", "cuda.driver.rev", "cuda.runtime.major", "cuda.runtime.minor",
                "gpu.product")) {
            assertThat(l).containsKey(P + k);
            assertThat(l.get(P + k)).as(k).isNull();
        }
    }

    /** Whatever a host reports, every key and value is one the API server accepts. */
    @ParameterizedTest
    @ValueSource(strings = {"mig-enabled-a100", "volta-v100-cuda13-stack", "wsl2", "nvidia-smi-no-driver", "no-gpu-no-toolkit"})
    void everyLabelIsValidForTheApiServer(String fixture) throws Exception {
        Proc r = checkOnce(checkEnv("--from " + Fixtures.bundle(fixture).toAbsolutePath()));

        assertThat(r.exit()).as(r.err()).isZero();
        Map<String, String> l = labels();
        assertThat(l).hasSize(13);
        l.forEach((k, v) -> {
            assertThat(k).startsWith(P).matches(KubernetesManifestTest.LABEL_KEY);
            if (v != null) {
                assertThat(v).as(k).isNotEmpty().matches(KubernetesManifestTest.LABEL_VALUE);
            }
        });
        assertThat(l.get(P + "status")).isIn("ok", "warning", "error");
    }

    @Test
    void aHungCheckIsCutOffAndLabelsTheNodeUnknownLeavingTheLastTextfile() throws Exception {
        Path hang = tmp.resolve("hanging-gpu-doctor");
        Files.writeString(hang, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createDirectories(tmp.resolve("textfile"));
        Files.writeString(tmp.resolve("textfile/gpu-doctor.prom"), "gpu_doctor_check_ok 1\n");
        Map<String, String> env = checkEnv("");
        env.put("GPU_DOCTOR", hang.toString());
        env.put("GPU_DOCTOR_TIMEOUT", "2");

        Proc r = checkOnce(env);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("check timed out after 2s");
        assertThat(r.took()).isLessThan(Duration.ofSeconds(30));
        Map<String, String> l = labels();
        assertThat(l).containsEntry(P + "status", "unknown").hasSize(13);
        assertThat(l.entrySet()).filteredOn(e -> !e.getKey().equals(P + "status")).allSatisfy(e -> assertThat(e.getValue()).isNull());
        // Its timestamp metric tells Prometheus how old it is; a made-up file would hide that.
        assertThat(Files.readString(tmp.resolve("textfile/gpu-doctor.prom"))).isEqualTo("gpu_doctor_check_ok 1\n");
    }

    @Test
    void badSettingsAndUsageAreRefusedWithAReason() throws Exception {
        Map<String, String> env = checkEnv("");
        env.put("INTERVAL", "5m");
        Proc r = Proc.run(List.of("/bin/sh", script.toString(), "check"), env, BOUND);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("INTERVAL must be a whole number of seconds above 0, not '5m'");

        Proc usage = Proc.run(List.of("/bin/sh", script.toString(), "label"), checkEnv(""), BOUND);
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("usage: gpu-doctor-node check|publish [--once]");

        Path notReport = Files.writeString(tmp.resolve("not-a-report"), "<html>502 Bad Gateway</html>\n");
        Proc labels = Proc.run(List.of("/bin/sh", "-c", "exec /bin/sh \"$0\" labels < \"$1\"", script.toString(), notReport.toString()),
                checkEnv(""), BOUND);
        assertThat(labels.exit()).isEqualTo(2);
        assertThat(labels.out()).isEmpty();
        assertThat(labels.err()).contains("standard input is not a gpu-doctor check --format prometheus report");
    }

    // --- publish: curl against an HTTPS server in the API server's place

    private Map<String, String> publishEnv(Path caCert) throws Exception {
        Path sa = Files.createDirectories(tmp.resolve("serviceaccount"));
        Files.writeString(sa.resolve("token"), "eyJhbGciOiJSUzI1NiJ9.test-token");
        Files.copy(caCert, sa.resolve("ca.crt"));
        Files.createDirectories(tmp.resolve("labels"));
        Files.writeString(tmp.resolve("labels/labels.json"),
                "{\"metadata\":{\"labels\":{\"" + P + "status\":\"error\",\"" + P + "error\":\"device-node.uvm-missing\",\"" + P
                        + "gpu.product\":null}}}\n");
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("NODE_NAME", "gpu-node-07");
        env.put("KUBERNETES_SERVICE_HOST", "localhost");
        env.put("KUBERNETES_SERVICE_PORT", Integer.toString(server.httpsPort()));
        env.put("SERVICEACCOUNT_DIR", sa.toString());
        env.put("LABELS_FILE", tmp.resolve("labels/labels.json").toString());
        return env;
    }

    private Path pem(LocalhostTls cert, String name) throws Exception {
        Path out = tmp.resolve(name);
        Proc r = Proc.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-exportcert", "-rfc", "-alias", "localhost",
                "-keystore", cert.keystore().toString(), "-storepass", cert.password(), "-file", out.toString()), Map.of(), BOUND);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return out;
    }

    private void startServer() {
        assumeTrue(Proc.onPath("curl") != null, "curl is not installed");
        server = new WireMockServer(tls.wireMock());
        server.start();
    }

    @Test
    void publishPatchesItsOwnNodeWithTheTokenAsAMergePatch() throws Exception {
        startServer();
        server.stubFor(patch(urlEqualTo("/api/v1/nodes/gpu-node-07")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"kind\":\"Node\",\"metadata\":{\"name\":\"gpu-node-07\"}}")));
        Map<String, String> env = publishEnv(pem(tls, "ca.crt"));

        Proc r = Proc.run(List.of("/bin/sh", script.toString(), "publish", "--once"), env, BOUND);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("publish: labels of node gpu-node-07 updated");
        server.verify(1, patchRequestedFor(urlEqualTo("/api/v1/nodes/gpu-node-07"))
                .withHeader("Authorization", equalTo("Bearer eyJhbGciOiJSUzI1NiJ9.test-token"))
                .withHeader("Content-Type", equalTo("application/merge-patch+json"))
                .withRequestBody(equalToJson(Files.readString(tmp.resolve("labels/labels.json")))));
    }

    @Test
    void aRefusalOfTheApiServerIsReportedWithItsMessage() throws Exception {
        startServer();
        server.stubFor(patch(urlEqualTo("/api/v1/nodes/gpu-node-07")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/json").withBody("{\n  \"kind\": \"Status\",\n  \"status\": \"Failure\",\n"
                        + "  \"message\": \"nodes \\\"gpu-node-07\\\" is forbidden: User \\\"system:serviceaccount:gpu-doctor:gpu-doctor\\\" "
                        + "cannot patch resource \\\"nodes\\\"\",\n  \"code\": 403\n}")));

        Proc r = Proc.run(List.of("/bin/sh", script.toString(), "publish", "--once"), publishEnv(pem(tls, "ca.crt")), BOUND);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("publish: the API server answered 403: nodes \"gpu-node-07\" is forbidden: User "
                + "\"system:serviceaccount:gpu-doctor:gpu-doctor\" cannot patch resource \"nodes\"");
    }

    @Test
    void aServerWhoseCertificateTheClusterCaDidNotSignGetsNothing() throws Exception {
        startServer();
        server.stubFor(patch(anyUrl()).willReturn(aResponse().withStatus(200)));
        LocalhostTls stranger = LocalhostTls.create(Files.createDirectories(tmp.resolve("other-ca")));

        Proc r = Proc.run(List.of("/bin/sh", script.toString(), "publish", "--once"), publishEnv(pem(stranger, "other-ca.crt")), BOUND);

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("publish: no answer from the API server (curl exit 60)");
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void publishRefusesWithoutANodeNameOrAToken() throws Exception {
        startServer();
        Map<String, String> env = publishEnv(pem(tls, "ca.crt"));
        env.remove("NODE_NAME");
        Proc noNode = Proc.run(List.of("/bin/sh", script.toString(), "publish", "--once"), env, BOUND);
        assertThat(noNode.exit()).isEqualTo(2);
        assertThat(noNode.err()).contains("NODE_NAME must be this node's name");

        env.put("NODE_NAME", "gpu-node-07");
        Files.delete(tmp.resolve("serviceaccount/token"));
        Proc noToken = Proc.run(List.of("/bin/sh", script.toString(), "publish", "--once"), env, BOUND);
        assertThat(noToken.exit()).isEqualTo(2);
        assertThat(noToken.err()).contains("cannot read the service account token in " + tmp.resolve("serviceaccount"));
        server.verify(0, anyRequestedFor(anyUrl()));
    }

    /** The container's loop: labels go out when they change, not every round, and SIGTERM ends it at once. */
    @Test
    void theLoopSendsOnlyChangesAndStopsOnSigterm() throws Exception {
        startServer();
        server.stubFor(patch(urlEqualTo("/api/v1/nodes/gpu-node-07")).willReturn(aResponse().withStatus(200).withBody("{}")));
        Map<String, String> env = publishEnv(pem(tls, "ca.crt"));
        env.put("PUBLISH_INTERVAL", "1");
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", script.toString(), "publish").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("publish.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            awaitRequests(1);
            Thread.sleep(3000);
            assertThat(server.countRequestsMatching(patchRequestedFor(anyUrl()).build()).getCount()).as("unchanged labels are not sent again")
                    .isEqualTo(1);

            String changed = Files.readString(tmp.resolve("labels/labels.json")).replace("\"error\",", "\"ok\",");
            Path next = Files.writeString(tmp.resolve("labels/next"), changed);
            Files.move(next, tmp.resolve("labels/labels.json"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            awaitRequests(2);
            List<String> bodies = new ArrayList<>();
            server.findAll(patchRequestedFor(anyUrl())).forEach(req -> bodies.add(req.getBodyAsString()));
            assertThat(bodies.get(1)).contains("\"" + P + "status\":\"ok\"");

            p.destroy();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).as("ended on SIGTERM").isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            Proc.killTree(p.toHandle());
        }
    }

    private void awaitRequests(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (server.countRequestsMatching(patchRequestedFor(anyUrl()).build()).getCount() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("fewer than " + n + " PATCH requests after 30 s; log: " + Files.readString(tmp.resolve("publish.log")));
            }
            Thread.sleep(100);
        }
    }
}
