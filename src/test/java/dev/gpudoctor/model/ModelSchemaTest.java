package dev.gpudoctor.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import dev.gpudoctor.testing.PublishedSchema;
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
        // What every consumer may rely on: the document's top level, and what the model is.
        return PublishedSchema.generate(ModelReport.class,
                f -> f.getDeclaringType().getErasedType() == ModelReport.class
                && !List.of("tensorrt", "build").contains(f.getName())
                || f.getDeclaringType().getErasedType() == ModelReport.Model.class
                && List.of("path", "file", "kind", "bytes").contains(f.getName()),
                "model", ModelReport.SCHEMA_VERSION, "gpu-doctor model inspect and model check");
    }

    static Set<ValidationMessage> validate(String json) throws Exception {
        return PublishedSchema.validate(SCHEMA, json);
    }

    @Test
    void committedSchemaIsUpToDate() throws Exception {
        PublishedSchema.assertCommittedUpToDate(SCHEMA, generate());
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
