package dev.gpudoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.gpudoctor.fact.Version;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
        SchemaGeneratorConfigBuilder b = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE, JacksonOption.RESPECT_JSONPROPERTY_ORDER))
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.NULLABLE_FIELDS_BY_DEFAULT,
                        Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        b.forTypesInGeneral().withCustomDefinitionProvider((type, ctx) -> type.getErasedType() == Version.class
                ? new CustomDefinition(ctx.getGeneratorConfig().createObjectNode().put("type", "string")
                        .put("pattern", "^[0-9]+(\\.[0-9]+)*$"))
                : null);
        b.forMethods().withIgnoreCheck(m -> true);
        // What every consumer may rely on: the totals, and each entry's input and exit code.
        b.forFields().withRequiredCheck(f -> f.getDeclaringType().getErasedType() == BatchDiagnosis.Result.class
                || (f.getDeclaringType().getErasedType() == BatchDiagnosis.Entry.class
                && List.of("input", "exitCode").contains(f.getName())));
        ObjectNode schema = new SchemaGenerator(b.build()).generateSchema(BatchDiagnosis.Result.class);
        ObjectNode top = schema.objectNode();
        top.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        top.put("$id", "https://gpu-doctor.dev/schema/diagnose-" + BatchDiagnosis.SCHEMA_VERSION + ".json");
        top.put("title", "gpu-doctor diagnose of several reports, schemaVersion " + BatchDiagnosis.SCHEMA_VERSION);
        top.setAll(schema);
        return top;
    }

    @Test
    void committedSchemaIsUpToDate() throws Exception {
        String generated = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n";
        if (Boolean.getBoolean("gpu-doctor.write-schema")) {
            Files.writeString(SCHEMA, generated, StandardCharsets.UTF_8);
        }
        assertThat(SCHEMA).as("docs/diagnose.schema.json (regenerate with -Dgpu-doctor.write-schema=true)").exists();
        assertThat(Files.readString(SCHEMA)).as("docs/diagnose.schema.json is stale; regenerate with "
                + "-Dgpu-doctor.write-schema=true").isEqualTo(generated);
    }

    /** The schema is not vacuous: an entry without its exit code, or a wrong type, fails it. */
    @Test
    void schemaRejectsAnEntryWithoutItsExitCodeAndAWrongType() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA));
        BatchDiagnosis.Tally tally = new BatchDiagnosis.Tally();
        BatchDiagnosis.Entry e = BatchDiagnosis.Entry.failed("x.json", 2, "x.json holds no facts: not a gpu-doctor report");
        tally.add(e);
        ObjectNode good = (ObjectNode) Json.mapper().readTree(Json.write(tally.result("test", List.of(e))));
        assertThat(schema.validate(good)).isEmpty();
        ObjectNode noExitCode = good.deepCopy();
        ((ObjectNode) noExitCode.get("reports").get(0)).remove("exitCode");
        assertThat(schema.validate(noExitCode)).isNotEmpty();
        ObjectNode wrongType = good.deepCopy();
        wrongType.put("inputs", "one");
        assertThat(schema.validate(wrongType)).isNotEmpty();
    }
}
