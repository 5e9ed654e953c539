package dev.gpudoctor.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import com.networknt.schema.ValidationMessage;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.testing.Fixtures;
import java.nio.charset.StandardCharsets;
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
        SchemaGeneratorConfigBuilder b = new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
                .with(new JacksonModule(JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                        JacksonOption.RESPECT_JSONPROPERTY_ORDER))
                .with(Option.DEFINITIONS_FOR_ALL_OBJECTS, Option.NULLABLE_FIELDS_BY_DEFAULT,
                        Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT, Option.MAP_VALUES_AS_ADDITIONAL_PROPERTIES)
                .without(Option.SCHEMA_VERSION_INDICATOR);
        b.forTypesInGeneral().withCustomDefinitionProvider((type, ctx) -> type.getErasedType() == Version.class
                ? new com.github.victools.jsonschema.generator.CustomDefinition(
                        ctx.getGeneratorConfig().createObjectNode().put("type", "string").put("pattern", "^[0-9]+(\\.[0-9]+)*$"))
                : null);
        b.forMethods().withIgnoreCheck(m -> true);
        // What every consumer may rely on: the report's top level and each fact's status.
        b.forFields().withRequiredCheck(f -> f.getDeclaringType().getErasedType() == Report.class
                || f.getName().equals("status"));
        ObjectNode schema = new SchemaGenerator(b.build()).generateSchema(Report.class);
        ObjectNode top = schema.objectNode();
        top.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        top.put("$id", "https://gpu-doctor.dev/schema/report-" + Report.SCHEMA_VERSION + ".json");
        top.put("title", "gpu-doctor report, schemaVersion " + Report.SCHEMA_VERSION);
        top.setAll(schema);
        return top;
    }

    @Test
    void committedSchemaIsUpToDate() throws Exception {
        String generated = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n";
        if (Boolean.getBoolean("gpu-doctor.write-schema")) {
            Files.writeString(SCHEMA, generated, StandardCharsets.UTF_8);
        }
        assertThat(SCHEMA).as("docs/report.schema.json (regenerate with -Dgpu-doctor.write-schema=true)").exists();
        assertThat(Files.readString(SCHEMA)).as("docs/report.schema.json is stale; regenerate with -Dgpu-doctor.write-schema=true")
                .isEqualTo(generated);
    }

    private static Set<ValidationMessage> validate(Report r) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(SCHEMA));
        return schema.validate(Json.mapper().readTree(Json.write(r)));
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
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA));
        ObjectNode bad = (ObjectNode) Json.mapper().readTree("{\"schemaVersion\": \"one\", \"tool\": {\"name\": 1}}");
        assertThat(schema.validate(bad)).isNotEmpty();
    }
}
