package dev.gpudoctor.diagnosis.require;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Provisioning gates on the H200 host: driver 580.159.04, CUDA 13.0, cuDNN 9.14 and 9.19, torch 2.11.0+cu130. */
class RequirementTest {

    @TempDir
    Path tmp;

    HostFacts h200;

    @BeforeEach
    void read() throws Exception {
        h200 = Examination.of(BundleHost.open(Fixtures.bundle("h200-torch-container"), tmp), List.of(),
                Duration.ofSeconds(30)).facts();
    }

    private List<String> unmet(String expr, Optional<Version> cc) {
        return new RequirementCheck(name -> cc).check(h200, Requirement.parse(expr)).stream()
                .map(Finding::title).toList();
    }

    @Test
    void metRequirementsGiveNoFinding() {
        assertThat(unmet("driver>=550,cuda>=12.4,cudnn>=9,nccl>=2.28,toolkit>=13,gpus==1", Optional.empty())).isEmpty();
        assertThat(unmet("torch==2.11.0+cu130", Optional.empty())).isEmpty();
        assertThat(unmet("torch>=2.5", Optional.empty())).isEmpty();
        assertThat(unmet("driver>=580.159.04,driver<581", Optional.empty())).isEmpty();
        assertThat(unmet("cc>=8.0", Optional.of(Version.of("9.0")))).isEmpty();
    }

    @Test
    void unmetAndUnknownRequirementsEachGiveAFinding() {
        assertThat(unmet("driver>=590,cuda>=13.1,cudnn>=10,tensorrt>=10,tensorflow>=2.15,torch==2.5.1+cu124,gpus>=2",
                Optional.empty())).containsExactly(
                "Requirement driver>=590 is not met", "Requirement cuda>=13.1 is not met",
                "Requirement cudnn>=10 is not met", "Requirement tensorrt>=10 is not met",
                "Requirement tensorflow>=2.15 is not met", "Requirement torch==2.5.1+cu124 is not met",
                "Requirement gpus>=2 is not met");
        assertThat(unmet("cc>=8.0", Optional.empty())).as("unknown compute capability never passes a gate")
                .containsExactly("Requirement cc>=8.0 is not met");
        assertThat(unmet("cc>=10.0", Optional.of(Version.of("9.0")))).hasSize(1);
    }

    @Test
    void badExpressionsSayWhatIsWrong() {
        assertThatThrownBy(() -> Requirement.parse("gpu>=1")).hasMessageContaining("unknown key 'gpu'");
        assertThatThrownBy(() -> Requirement.parse("driver>=abc")).hasMessageContaining("is not a version");
        assertThatThrownBy(() -> Requirement.parse("driver 550")).hasMessageContaining("is not KEY OP VALUE");
        assertThatThrownBy(() -> Requirement.parse("")).hasMessageContaining("empty");
        assertThat(Requirement.parse("cuda=12.4").get(0).op()).isEqualTo("==");
    }
}
