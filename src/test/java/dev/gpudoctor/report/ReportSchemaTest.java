package dev.gpudoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.PublishedSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The published JSON Schema of the report (docs/report.schema.json) is generated from the report
 * types, must be committed up to date, and real reports must validate against it.
 * Regenerate with: ./mvnw test -Dtest=ReportSchemaTest -Dgpu-doctor.write-schema=true
 */
class ReportSchemaTest {

    static final Path SCHEMA = Path.of("docs/report.schema.json");

    @TempDir
    Path tmp;

    static JsonNode generate() {
        // What every consumer may rely on: the report's top level and each fact's status.
        return PublishedSchema.generate(Report.class,
                f -> f.getDeclaringType().getErasedType() == Report.class
                || f.getName().equals("status"),
                "report", Report.SCHEMA_VERSION, "gpu-doctor report");
    }

    @Test
    void committedSchemaIsUpToDate() throws Exception {
        PublishedSchema.assertCommittedUpToDate(SCHEMA, generate());
    }

    private static Set<ValidationMessage> validate(Report r) throws Exception {
        return PublishedSchema.validate(SCHEMA, Json.write(r));
    }

    /** The H200 host's report, as check --format json prints it, is valid against the schema. */
    @Test
    void h200ReportValidates() throws Exception {
        var host = BundleHost.open(Fixtures.bundle("h200-torch-container"), Files.createDirectories(tmp.resolve("s")));
        Report r = Reports.of(host, Examination.of(host, List.of(), Duration.ofSeconds(30)), host.capturedAt(), "test");
        assertThat(validate(r)).isEmpty();
    }

    /** This machine's report (toolkit, no GPU: many absent facts) is valid too. */
    @Test
    void thisMachinesReportValidates() throws Exception {
        var host = LiveHost.thisMachine(System.getenv());
        Report r = Reports.of(host, Examination.of(host, List.of(), Duration.ofSeconds(30)), null, "test");
        assertThat(validate(r)).isEmpty();
    }

    /** The schema is not vacuous: a report with a wrong type somewhere fails it. */
    @Test
    void schemaRejectsAWrongType() throws Exception {
        ObjectNode bad = (ObjectNode) Json.mapper().readTree("{\"schemaVersion\": \"one\", \"tool\": {\"name\": 1}}");
        assertThat(PublishedSchema.validate(SCHEMA, bad.toString())).isNotEmpty();
    }
}
