package dev.gpudoctor.fix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Reports;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Install steps put first on the findings an install answers, on the fixture hosts. */
class RemediesTest {

    @TempDir
    Path tmp;

    private HostFacts facts(String fixture, Consumer<ObjectNode> edit) throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle(fixture), Files.createTempDirectory(tmp, fixture));
        ObjectNode json = Json.mapper().valueToTree(Examination.of(host, List.of(), Duration.ofSeconds(30)).facts());
        edit.accept(json);
        return Json.mapper().treeToValue(json, HostFacts.class);
    }

    private static Finding finding(HostFacts f, String code) {
        return Reports.diagnose(f, List.of()).stream().filter(x -> x.code().equals(code)).findFirst().orElseThrow();
    }

    /** A GPU on the bus and no driver at all (Ubuntu 22.04): the newest long-term or production branch, installed. */
    @Test
    void noDriverInstallsABranch() throws Exception {
        Finding f = finding(facts("gpu-on-pci-no-driver", x -> { }), "gpu.no-driver");
        assertThat(f.fixes().get(0).steps()).containsExactly(List.of("ubuntu-drivers", "install", "nvidia:620"));
        assertThat(f.fixes().get(1).steps()).as("the rule's own advice stays as the alternative").isEmpty();
    }

    /** The same host with a Tesla K80 (Kepler, last branch R470): R470, not the newest branch. */
    @Test
    void aKeplerGpuGetsItsLastBranch() throws Exception {
        Finding f = finding(facts("gpu-on-pci-no-driver", x -> ((ObjectNode) x.at("/pci/nvidiaDevices/value/0")).put("deviceId", "0x102d")),
                "gpu.no-driver");
        assertThat(f.fixes().get(0).steps()).containsExactly(List.of("ubuntu-drivers", "install", "nvidia:470"));
    }

    /** Secure Boot refuses the installed module: reinstalling the driver is not offered. */
    @Test
    void anInstalledDriverIsNotInstalledAgain() throws Exception {
        Finding f = finding(facts("secureboot-unsigned-module", x -> { }), "gpu.no-driver");
        assertThat(f.fixes()).allSatisfy(x -> assertThat(x.steps()).isEmpty());
    }

    /** The same host with Secure Boot off: the installed module is loaded, not reinstalled. */
    @Test
    void anInstalledDriverWithoutSecureBootIsLoaded() throws Exception {
        Finding f = finding(facts("secureboot-unsigned-module", x -> ((ObjectNode) x.at("/kernel/secureBoot")).put("value", false)),
                "gpu.no-driver");
        assertThat(f.fixes().get(0).steps()).containsExactly(List.of("modprobe", "nvidia"), List.of("nvidia-modprobe", "-u", "-c=0"));
    }

    /** torch built for CUDA 13.0 on driver 550: the branch of CUDA 13.0's minimum driver, 580. */
    @Test
    void aFrameworkAboveTheDriverGetsTheBranchItNeeds() throws Exception {
        Finding f = finding(facts("torch-cu130-on-driver-550", x -> { }), "framework.cuda-above-driver");
        assertThat(f.fixes().get(0).steps()).containsExactly(List.of("ubuntu-drivers", "install", "nvidia:580"));
    }

    /** On Alpine install.yaml has no steps: the finding keeps the rule's advice only. */
    @Test
    void anUnsupportedDistributionKeepsTheAdvice() throws Exception {
        Finding f = finding(facts("torch-cu130-on-driver-550", x -> ((ObjectNode) x.at("/system/os/value"))
                .put("id", "alpine").put("versionId", "3.20.3").put("prettyName", "Alpine Linux v3.20").remove("idLike")),
                "framework.cuda-above-driver");
        assertThat(f.fixes()).allSatisfy(x -> assertThat(x.steps()).isEmpty());
    }
}
