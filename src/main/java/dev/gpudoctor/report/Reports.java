package dev.gpudoctor.report;

import dev.gpudoctor.diagnosis.Diagnoser;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.rules.Rules;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.probe.ProbeRun;
import java.util.List;
import dev.gpudoctor.probe.Examination;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds the report of one examination. */
public final class Reports {

    private Reports() {
    }

    /** The report of an examination, diagnosed. */
    public static Report of(Host host, Examination.Result result, String capturedAt, String toolVersion) {
        return new Report(
                Report.SCHEMA_VERSION,
                new Report.Tool("gpu-doctor", toolVersion),
                new Report.Examined(host.description(), host.isLive(), capturedAt),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Math.round(result.elapsedMs() * 10) / 10.0,
                diagnose(result.facts(), result.runs()),
                result.facts(),
                result.runs());
    }

    /**
     * A GPU's compute capability by nvidia-smi's name. The compatibility matrix's GPU table answers
     * this once it is wired in; until then it is unknown, and a cc requirement is not met.
     */
    public static java.util.Optional<dev.gpudoctor.fact.Version> computeCapability(String gpuName) {
        return java.util.Optional.empty();
    }

    public static List<Finding> diagnose(HostFacts facts, List<ProbeRun> runs) {
        return new Diagnoser(Rules.all()).diagnose(facts, runs);
    }
}
