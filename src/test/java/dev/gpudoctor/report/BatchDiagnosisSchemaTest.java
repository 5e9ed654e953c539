package dev.gpudoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import dev.gpudoctor.testing.PublishedSchema;
import org.junit.jupiter.api.Test;

/**
 * diagnose of a folder or of several inputs, --format json, has its own published schema,
 * docs/diagnose.schema.json, generated from BatchDiagnosis.Result with the report schema's settings,
 * committed up to date (DiagnoseFolderTest validates real output against it). Regenerate with:
 * ./mvnw test -Dtest=BatchDiagnosisSchemaTest -Dgpu-doctor.write-schema=true
 */
class BatchDiagnosisSchemaTest {

    static final Path SCHEMA = Path.of("docs/diagnose.schema.json");

    static JsonNode generate() {
        // What every consumer may rely on: the totals, and each entry's input and exit code.
        return PublishedSchema.generate(BatchDiagnosis.Result.class,
                f -> f.getDeclaringType().getErasedType() == BatchDiagnosis.Result.class
                || (f.getDeclaringType().getErasedType() == BatchDiagnosis.Entry.class
                && List.of("input", "exitCode").contains(f.getName())),
                "diagnose", BatchDiagnosis.SCHEMA_VERSION, "gpu-doctor diagnose of several reports");
    }

    @Test
    void committedSchemaIsUpToDate() throws Exception {
        PublishedSchema.assertCommittedUpToDate(SCHEMA, generate());
    }

    /** The schema is not vacuous: an entry without its exit code, or a wrong type, fails it. */
    @Test
    void schemaRejectsAnEntryWithoutItsExitCodeAndAWrongType() throws Exception {
        BatchDiagnosis.Tally tally = new BatchDiagnosis.Tally();
        BatchDiagnosis.Entry e = BatchDiagnosis.Entry.failed("x.json", 2, "x.json holds no facts: not a gpu-doctor report");
        tally.add(e);
        ObjectNode good = (ObjectNode) Json.mapper().readTree(Json.write(tally.result("test", List.of(e))));
        assertThat(PublishedSchema.validate(SCHEMA, good.toString())).isEmpty();
        ObjectNode noExitCode = good.deepCopy();
        ((ObjectNode) noExitCode.get("reports").get(0)).remove("exitCode");
        assertThat(PublishedSchema.validate(SCHEMA, noExitCode.toString())).isNotEmpty();
        ObjectNode wrongType = good.deepCopy();
        wrongType.put("inputs", "one");
        assertThat(PublishedSchema.validate(SCHEMA, wrongType.toString())).isNotEmpty();
    }
}
