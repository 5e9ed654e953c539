package dev.gpudoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four stack sections of the H200 go through the runner, into JSON and back unchanged. */
class StackSectionsJsonTest {

    @TempDir
    Path dir;

    @Test
    void h200SectionsRoundTripThroughTheReportJson() throws Exception {
        ProbeRunner.Outcome out = new ProbeRunner(Probes.all(), Duration.ofSeconds(60))
                .run(new ProbeContext(H200Fixture.build(dir)));
        assertThat(out.runs()).allMatch(r -> r.outcome() == ProbeRun.Outcome.COMPLETED);
        HostFacts facts = Probes.assemble(out.sections());
        assertThat(facts.driver()).isNotNull();
        assertThat(facts.cuda()).isNotNull();
        assertThat(facts.dnn()).isNotNull();
        assertThat(facts.python()).isNotNull();

        String json = Json.write(facts);
        assertThat(json).doesNotContain("REDACTED").contains("\"13.0.2\"", "\"9.19.0.56\"", "2.11.0+cu130");
        HostFacts back = Json.mapper().readValue(json, HostFacts.class);
        assertThat(Json.write(back)).isEqualTo(json);
    }
}
