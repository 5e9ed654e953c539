package dev.gpudoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.CapturedSamples;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.PatchedHost;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system, pci, kernel and container probes as the runner and the JSON report see them. */
class BasicProbesTest {

    @TempDir
    Path root;

    private ProbeRunner.Outcome runOnH200() {
        FakeHost base = CapturedSamples.copyTree("samples/h200/rootfs", new FakeHost(root)).file("/.dockerenv", "");
        CapturedSamples.env("samples/h200/commands/env.txt").forEach(base::env);
        PatchedHost host = new PatchedHost(base).devListing(CapturedSamples.text("samples/h200/commands/dev-listing.txt"));
        return new ProbeRunner(Probes.all(), Duration.ofSeconds(30)).run(new ProbeContext(host));
    }

    @Test
    void theFourProbesAreRegisteredUnderTheNamesAssembleExpects() {
        assertThat(Probes.all()).extracting(Probe::name).contains("system", "pci", "kernel", "container");
    }

    @Test
    void onTheH200EveryProbeCompletesAndEverySectionIsAssembled() {
        ProbeRunner.Outcome out = runOnH200();

        assertThat(out.runs()).allMatch(r -> r.outcome() == ProbeRun.Outcome.COMPLETED);
        HostFacts facts = Probes.assemble(out.sections());
        assertThat(facts.system()).isNotNull();
        assertThat(facts.pci()).isNotNull();
        assertThat(facts.kernel()).isNotNull();
        assertThat(facts.container()).isNotNull();
    }

    @Test
    void theH200SectionsSurviveAJsonRoundTrip() throws Exception {
        // The JSON report is read back later (replay, diff): what is written must read back equal.
        HostFacts facts = Probes.assemble(runOnH200().sections());

        HostFacts back = Json.mapper().readValue(Json.write(facts), HostFacts.class);

        assertThat(back.system()).isEqualTo(facts.system());
        assertThat(back.pci()).isEqualTo(facts.pci());
        assertThat(back.kernel()).isEqualTo(facts.kernel());
        assertThat(back.container()).isEqualTo(facts.container());
    }
}
