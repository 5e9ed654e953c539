package dev.gpudoctor.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.CustomDefinition;
import com.github.victools.jsonschema.generator.FieldScope;
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
import dev.gpudoctor.report.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The published JSON schemas of gpu-doctor's documents (docs/*.schema.json): all generated from the
 * output types with one set of generator settings, so that report, validate, diagnose and model
 * documents describe versions, enums and optional fields alike. Each test says only its root type,
 * which fields a consumer may rely on, and its name.
 */
public final class PublishedSchema {

    private PublishedSchema() {
    }

    /**
     * @param name  the schema's file stem in its $id ("report" gives .../report-1.json)
     * @param title what the document is
     */
    public static JsonNode generate(Class<?> root, Predicate<FieldScope> required, String name, int schemaVersion,
                                    String title) {
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
        b.forFields().withRequiredCheck(required);
        ObjectNode schema = new SchemaGenerator(b.build()).generateSchema(root);
        ObjectNode top = schema.objectNode();
        top.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        top.put("$id", "https://gpu-doctor.dev/schema/" + name + "-" + schemaVersion + ".json");
        top.put("title", title + ", schemaVersion " + schemaVersion);
        top.setAll(schema);
        return top;
    }

    /**
     * The committed file equals what the types give now; with -Dgpu-doctor.write-schema=true it is
     * written first.
     */
    public static void assertCommittedUpToDate(Path committed, JsonNode generated) throws Exception {
        String text = Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(generated) + "\n";
        if (Boolean.getBoolean("gpu-doctor.write-schema")) {
            Files.writeString(committed, text, StandardCharsets.UTF_8);
        }
        assertThat(committed).as(committed + " (regenerate with -Dgpu-doctor.write-schema=true)").exists();
        assertThat(Files.readString(committed)).as(committed + " is stale; regenerate with -Dgpu-doctor.write-schema=true")
                .isEqualTo(text);
    }

    /** What the committed schema says of a JSON document. */
    public static Set<ValidationMessage> validate(Path committed, String json) throws Exception {
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(Files.readString(committed))
                .validate(Json.mapper().readTree(json));
    }
}
