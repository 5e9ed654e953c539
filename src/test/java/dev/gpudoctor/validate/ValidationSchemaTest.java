package dev.gpudoctor.validate;

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
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * validate --format json has its own published schema, docs/validate.schema.json, generated from the
 * types like the report's (same generator settings as ReportSchemaTest), committed up to date, and
 * real output must validate against it. Regenerate with:
 * ./mvnw test -Dtest=ValidationSchemaTest -Dgpu-doctor.write-schema=true
 */
class ValidationSchemaTest {

    static final Path SCHEMA = Path.of("docs/validate.schema.json");

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
        // What every consumer may rely on: the document's top level, and each step's number, id and result.
        b.forFields().withRequiredCheck(f -> f.getDeclaringType().getErasedType() == ValidationReport.class
                || (f.getDeclaringType().getErasedType() == StepResult.class
                && List.of("number", "id", "title", "result", "summary").contains(f.getName())));
        ObjectNode schema = new SchemaGenerator(b.build()).generateSchema(ValidationReport.class);
        ObjectNode top = schema.objectNode();
        top.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        top.put("$id", "https://gpu-doctor.dev/schema/validate-" + ValidationReport.SCHEMA_VERSION + ".json");
        top.put("title", "gpu-doctor validate, schemaVersion " + ValidationReport.SCHEMA_VERSION);
        top.setAll(schema);
        return top;
    }

    static Set<ValidationMessage> validate(ValidationReport r) throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA))
                .validate(Json.mapper().readTree(Json.write(r)));
    }

    @Test
    void committedSchemaIsUpToDate() throws Exception {
        String generated = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n";
        if (Boolean.getBoolean("gpu-doctor.write-schema")) {
            Files.writeString(SCHEMA, generated, StandardCharsets.UTF_8);
        }
        assertThat(SCHEMA).as("docs/validate.schema.json (regenerate with -Dgpu-doctor.write-schema=true)").exists();
        assertThat(Files.readString(SCHEMA)).as("docs/validate.schema.json is stale; regenerate with "
                + "-Dgpu-doctor.write-schema=true").isEqualTo(generated);
    }

    /** A report with every kind of value filled in validates; one with a wrong type does not. */
    @Test
    void aFullReportValidatesAndAWrongOneDoesNot() throws Exception {
        NativeError e = new NativeError("cuModuleLoadDataEx", 222, "CUDA_ERROR_UNSUPPORTED_PTX_VERSION", "log");
        StepResult s = new StepResult(3, "nvrtc", "NVRTC", "layer", Outcome.FAILED, "summary", 12.5, 30000L,
                List.of(new LibraryUse("nvrtc", "/p", "toolkit /usr/local/cuda-13.0", "13.0", List.of("/p"))),
                List.of(new Check("c", Outcome.FAILED, "/p", "d", 1.0, 0.5, 1e-4, 3L, 0L, 12.0, 1.0, e)), e,
                List.of(Evidence.nativeCall("x", 1.0)));
        Finding f = new Finding("validate.step-failed", Severity.ERROR, "NVRTC", "t", "x", List.of("e"),
                List.of(new Fix("s", List.of(List.of("apt-get", "install", "-y", "x")), true, false, Fix.Risk.CHANGES_PACKAGES,
                        "https://example.invalid")));
        ValidationReport r = new ValidationReport(1, new Report.Tool("gpu-doctor", "t"), new Report.Examined("this machine", true,
                null), "2026-11-26T00:00:00Z", 10.0, List.of(f), Ladder.of(new GpuInfo(0, "NVIDIA H200", "9.0", 1L, "13.0"),
                List.of(s)));
        assertThat(validate(r)).isEmpty();
        ObjectNode bad = (ObjectNode) Json.mapper().readTree(Json.write(r));
        ((ObjectNode) bad.get("validation").get("steps").get(0)).put("result", "exploded");
        assertThat(JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA))
                .validate(bad)).isNotEmpty();
    }
}
