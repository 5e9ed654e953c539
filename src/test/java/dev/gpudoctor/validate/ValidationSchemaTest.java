package dev.gpudoctor.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.ValidationMessage;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import dev.gpudoctor.testing.PublishedSchema;
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
        // What every consumer may rely on: the document's top level, and each step's number, id and result.
        return PublishedSchema.generate(ValidationReport.class,
                f -> f.getDeclaringType().getErasedType() == ValidationReport.class
                || (f.getDeclaringType().getErasedType() == StepResult.class
                && List.of("number", "id", "title", "result", "summary").contains(f.getName())),
                "validate", ValidationReport.SCHEMA_VERSION, "gpu-doctor validate");
    }

    static Set<ValidationMessage> validate(ValidationReport r) throws Exception {
        return PublishedSchema.validate(SCHEMA, Json.write(r));
    }

    @Test
    void committedSchemaIsUpToDate() throws Exception {
        PublishedSchema.assertCommittedUpToDate(SCHEMA, generate());
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
        assertThat(PublishedSchema.validate(SCHEMA, bad.toString())).isNotEmpty();
    }
}
