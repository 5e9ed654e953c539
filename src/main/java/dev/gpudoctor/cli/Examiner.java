package dev.gpudoctor.cli;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.Reports;
import java.util.Map;
import java.util.function.Function;

/**
 * Examines the host a command is about: a bundle or mounted root when given, else this machine
 * through {@code liveHost} (which tests replace, so that fix and install can be tested end to end).
 */
record Examiner(Runtime rt, Function<Map<String, String>, Host> liveHost) {

    Report report(HostOptions hostOptions, MatrixSource matrix) {
        if (hostOptions.examinesAnotherHost()) {
            try (OpenHost open = hostOptions.open(rt)) {
                return Reports.of(open.host(), hostOptions.examine(open, open.host()), open.capturedAt(), BuildInfo.version(), matrix);
            }
        }
        Host host = liveHost.apply(rt.environment());
        return Reports.of(host, hostOptions.examine(new OpenHost(host, null, null), host), null, BuildInfo.version(), matrix);
    }
}
