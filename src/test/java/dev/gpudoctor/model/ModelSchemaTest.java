package dev.gpudoctor.model;

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
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * model inspect|check --format json has its own published schema, docs/model.schema.json, generated
 * from the types like the report's (ReportSchemaTest's generator settings), committed up to date;
 * real output for every kind of model validates against it. Regenerate with:
 * ./mvnw test -Dtest=ModelSchemaTest -Dgpu-doctor.write-schema=true
 */
class ModelSchemaTest {

    static final Path SCHEMA = Path.of("docs/model.schema.json");

    @TempDir
    Path tmp;

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
        // What every consumer may rely on: the document's top level, and what the model is.
        b.forFields().withRequiredCheck(f -> f.getDeclaringType().getErasedType() == ModelReport.class
                && !List.of("tensorrt", "build").contains(f.getName())
                || f.getDeclaringType().getErasedType() == ModelReport.Model.class
                && List.of("path", "file", "kind", "bytes").contains(f.getName()));
        ObjectNode schema = new SchemaGenerator(b.build()).generateSchema(ModelReport.class);
        ObjectNode top = schema.objectNode();
        top.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        top.put("$id", "https://gpu-doctor.dev/schema/model-" + ModelReport.SCHEMA_VERSION + ".json");
        top.put("title", "gpu-doctor model inspect and model check, schemaVersion " + ModelReport.SCHEMA_VERSION);
        top.setAll(schema);
        return top;
    }

    static Set<ValidationMessage> validate(String json) throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(SCHEMA))
                .validate(Json.mapper().readTree(json));
    }

    @Test
    void committedSchemaIsUpToDate() throws Exception {
        String generated = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(generate()) + "\n";
        if (Boolean.getBoolean("gpu-doctor.write-schema")) {
            Files.writeString(SCHEMA, generated, StandardCharsets.UTF_8);
        }
        assertThat(SCHEMA).as("docs/model.schema.json (regenerate with -Dgpu-doctor.write-schema=true)").exists();
        assertThat(Files.readString(SCHEMA)).as("docs/model.schema.json is stale; regenerate with -Dgpu-doctor.write-schema=true")
                .isEqualTo(generated);
    }

    /** Each kind of model, with the check's targets and findings, validates; a wrong kind does not. */
    @Test
    void realOutputValidatesAndAWrongOneDoesNot() throws Exception {
        var matrix = MatrixLoader.bundled();
        List<Path> models = List.of(ModelFixtures.writeDetector(tmp), ModelFixtures.writeExternal(tmp, 100),
                ModelFixtures.writeFrozenGraph(tmp), ModelFixtures.writeSavedModel(tmp),
                ModelFixtures.writeSavedModel(tmp).resolve("saved_model.pb"));
        String last = null;
        for (Path p : models) {
            ModelInspector.Inspection i = ModelInspector.inspect(p, matrix, Optional.empty());
            List<ModelReport.TensorrtTarget> targets = null;
            List<dev.gpudoctor.diagnosis.Finding> findings = new ArrayList<>(i.findings());
            if (i.onnx() != null) {
                TensorrtChecks.Result r = TensorrtChecks.check(i.onnx(), matrix, List.of(
                        new TensorrtChecks.Target(Version.of("8.4"), "--tensorrt 8.4"),
                        new TensorrtChecks.Target(Version.of("10.3"), "--tensorrt 10.3")), p.toString(), null);
                targets = r.targets();
                findings.addAll(r.findings());
            }
            String json = Json.write(new ModelReport(ModelReport.SCHEMA_VERSION, new Report.Tool("gpu-doctor", "test"),
                    "2026-11-26T00:00:00Z", i.model(), targets, findings));
            assertThat(validate(json)).as(p.toString()).isEmpty();
            last = json;
        }
        ObjectNode bad = (ObjectNode) Json.mapper().readTree(last);
        ((ObjectNode) bad.get("model")).put("kind", "pytorch");
        assertThat(validate(Json.mapper().writeValueAsString(bad))).isNotEmpty();
    }
}
