package dev.gpudoctor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.probe.ProbeRun;
import java.util.List;

/**
 * The one report model every renderer draws from, and the JSON document itself: an explicit data
 * type, versioned by {@link #SCHEMA_VERSION}, readable back for offline re-diagnosis.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"schemaVersion", "tool", "host", "generatedAt", "elapsedMs", "findings", "facts", "probes"})
public record Report(
        int schemaVersion,
        Tool tool,
        Examined host,
        String generatedAt,
        double elapsedMs,
        List<Finding> findings,
        HostFacts facts,
        List<ProbeRun> probes) {

    public static final int SCHEMA_VERSION = 1;

    public record Tool(String name, String version) {
    }

    /**
     * What was examined.
     *
     * @param description "this machine", "root /mnt/image", "bundle h200.tar.gz"
     * @param live        true when read from the running machine
     * @param capturedAt  for a replayed bundle, when it was captured
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Examined(String description, boolean live, String capturedAt) {
        public Examined {
            if (description == null) {
                throw new IllegalArgumentException("the examined host needs its description");
            }
        }
    }

    public Report {
        probes = probes == null ? List.of() : List.copyOf(probes);
        findings = findings == null ? List.of() : List.copyOf(findings);
    }

    /** The same report with its findings recomputed (diagnose re-checks saved reports against today's rules). */
    public Report withFindings(List<Finding> newFindings) {
        return new Report(schemaVersion, tool, host, generatedAt, elapsedMs, newFindings, facts, probes);
    }
}
