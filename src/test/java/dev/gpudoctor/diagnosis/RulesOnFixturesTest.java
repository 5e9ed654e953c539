package dev.gpudoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Reports;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each fixture host gets exactly the findings of the case it stands for, and the healthy H200 no error. */
class RulesOnFixturesTest {

    @TempDir
    Path tmp;

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("h200-torch-container", List.of("compat.older-than-driver", "cudnn.multiple-copies")),
                Arguments.of("devhost-toolkit-no-gpu", List.of("container.no-gpu-passed")),
                Arguments.of("no-gpu-no-toolkit", List.of("gpu.none")),
                Arguments.of("gpu-on-pci-no-driver", List.of("gpu.no-driver")),
                Arguments.of("nouveau-loaded", List.of("gpu.nouveau-bound")),
                Arguments.of("driver-library-mismatch", List.of("driver.library-mismatch")),
                Arguments.of("missing-nvidia-uvm", List.of("device-node.uvm-missing")),
                Arguments.of("pip-cudnn-shadowed-by-ld-library-path",
                        List.of("cudnn.multiple-copies", "linker.ld-library-path-shadows-wheel")),
                Arguments.of("two-toolkits-default-older", List.of("toolkit.default-not-newest")),
                Arguments.of("wsl2", List.of()),
                // The module is refused, the driver's user space is installed, so nvidia-smi fails too.
                Arguments.of("secureboot-unsigned-module",
                        List.of("gpu.no-driver", "secureboot.module-not-loaded", "driver.smi-failed")),
                Arguments.of("nvidia-smi-no-driver", List.of("driver.smi-failed")),
                // Without /dev/nvidia0 nvidia-smi -q -x finds no device ("No devices were found", exit 6).
                Arguments.of("missing-device-nodes", List.of("device-node.missing", "driver.smi-failed")),
                Arguments.of("mig-enabled-a100", List.of("gpu.mig-enabled")),
                Arguments.of("gpu-memory-errors", List.of("gpu.uncorrected-ecc-errors", "gpu.row-remap-failure")),
                Arguments.of("torch-cu124-on-driver-535", List.of("framework.cuda-minor-above-driver")),
                // The L40S (8.9) runs the wheel's sm_86 kernels: no architecture finding.
                Arguments.of("torch-cu130-on-driver-550", List.of("framework.cuda-above-driver", "toolkit.above-driver")),
                Arguments.of("cpu-only-torch-on-gpu-host", List.of("framework.cpu-only-build")),
                Arguments.of("compat-libcuda-loaded-older", List.of("compat.loaded-older-than-driver")),
                Arguments.of("compat-on-geforce", List.of("compat.unsupported-gpu", "framework.cuda-minor-above-driver")),
                Arguments.of("torch-missing-libcudnn", List.of("linker.not-found")),
                Arguments.of("container-require-cuda-unmet", List.of("container.require-cuda-unmet")),
                Arguments.of("wsl1", List.of("wsl.version-1")),
                // torch 2.11.0+cu130 on a V100 (7.0) is also known-bad.yaml's pytorch-cu13-builds-need-turing.
                Arguments.of("volta-v100-cuda13-stack",
                        List.of("framework.gpu-arch-not-in-build", "toolkit.gpu-arch-dropped", "matrix.known-bad")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findingsOfEachFixture(String fixture, List<String> codes) throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle(fixture), tmp);
        Examination.Result r = Examination.of(host, List.of(), Duration.ofSeconds(30));
        List<Finding> findings = Reports.diagnose(r.facts(), r.runs());
        assertThat(findings).extracting(Finding::code).containsExactlyInAnyOrderElementsOf(codes);
        for (Finding f : findings) {
            assertThat(f.title()).isNotBlank();
            assertThat(f.explanation()).isNotBlank();
            assertThat(f.evidence()).as(f.code() + " stands on facts").isNotEmpty();
        }
    }
}
