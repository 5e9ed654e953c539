package dev.gpudoctor.report;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.probe.Examination;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds the report of one examination. */
public final class Reports {

    private Reports() {
    }

    public static Report of(Host host, Examination.Result result, String capturedAt, String toolVersion) {
        return new Report(
                Report.SCHEMA_VERSION,
                new Report.Tool("gpu-doctor", toolVersion),
                new Report.Examined(host.description(), host.isLive(), capturedAt),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Math.round(result.elapsedMs() * 10) / 10.0,
                result.facts(),
                result.runs());
    }
}
