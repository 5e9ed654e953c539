package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.report.Report;
import java.util.List;

/**
 * What {@code gpu-doctor validate --format json} prints: the same head as check's report (schema
 * version, tool, host, time, findings) with the ladder in place of the facts. Its own schema,
 * docs/validate.schema.json, versioned by {@link #SCHEMA_VERSION}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "tool", "host", "generatedAt", "elapsedMs", "findings", "validation"})
public record ValidationReport(int schemaVersion, Report.Tool tool, Report.Examined host, String generatedAt,
                               double elapsedMs, List<Finding> findings, Ladder validation) {

    public static final int SCHEMA_VERSION = 1;

    public ValidationReport {
        findings = findings == null ? List.of() : List.copyOf(findings);
    }
}
