package dev.gpudoctor.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Validates a matrix file against its published JSON Schema (compat-matrix/schema/NAME.schema.json,
 * read from the jar so that the format checked is the one this gpu-doctor reads), and words the
 * validator's messages for the person editing the YAML.
 */
final class SchemaCheck {

    /** The schemas' $id prefix; their $refs between each other resolve to the copies in the jar. */
    static final String ID_PREFIX = "https://gpu-doctor.dev/schema/matrix/";

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            b -> b.schemaMappers(m -> m.mapPrefix(ID_PREFIX, "classpath:compat-matrix/schema/")));

    static List<Problem> check(YamlDocument doc, String schemaName) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of(ID_PREFIX + schemaName + ".schema.json"));
        Set<String> seen = new LinkedHashSet<>();
        List<Problem> out = new ArrayList<>();
        for (ValidationMessage m : schema.validate(doc.root())) {
            Problem p = word(doc, m);
            if (seen.add(p.toString())) {
                out.add(p);
            }
        }
        return out;
    }

    private static Problem word(YamlDocument doc, ValidationMessage m) {
        String pointer = pointer(m.getInstanceLocation());
        String where = String.valueOf(m.getSchemaLocation());
        JsonNode value = m.getInstanceNode();
        switch (m.getType()) {
            case "required":
                return doc.problem(pointer + "/" + YamlDocument.escape(m.getProperty()), "missing");
            case "additionalProperties":
                return doc.problem(pointer + "/" + YamlDocument.escape(m.getProperty()),
                        "not a field of this file's schema (a typo?)");
            case "type":
                if (value != null && value.isNumber() && isVersionDef(where)) {
                    String written = doc.scalarText(pointer);
                    return doc.problem(pointer, "a YAML number (" + (written == null ? value : written)
                            + ") where a version string is required: quote it, \"" + (written == null ? value : written)
                            + "\" (unquoted, 12.10 would be read as 12.1)");
                }
                break;
            case "pattern":
                if (isVersionDef(where)) {
                    return doc.problem(pointer, "'" + value.asText()
                            + "' is not a dotted version (digits and dots, like \"12.4\" or \"550.54.15\")");
                }
                if (where.contains("/$defs/constraint")) {
                    return doc.problem(pointer, Node.notConstraintMessage(value.asText()));
                }
                break;
            default:
                break;
        }
        return doc.problem(pointer, m.getError());
    }

    /** Versions, branches and SM numbers are the fields where a number sneaks in unquoted. */
    private static boolean isVersionDef(String schemaLocation) {
        return schemaLocation.contains("/$defs/version") || schemaLocation.contains("/$defs/branch")
                || schemaLocation.contains("/$defs/sm");
    }

    private static String pointer(JsonNodePath path) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            b.append('/').append(YamlDocument.escape(String.valueOf(path.getElement(i))));
        }
        return b.toString();
    }

    private SchemaCheck() {
    }
}
