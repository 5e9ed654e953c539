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
                Arguments.of("wsl2", List.of()));
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
