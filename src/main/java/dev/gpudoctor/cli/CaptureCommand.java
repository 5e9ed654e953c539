package dev.gpudoctor.cli;

import dev.gpudoctor.host.bundle.BundleWriter;
import dev.gpudoctor.host.bundle.RecordingHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.Reports;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "capture", mixinStandardHelpOptions = true,
        description = "Record everything the probes read (files, command results, environment, native answers) "
                + "into a bundle that 'check --from' replays elsewhere. See docs/bundle-format.md.")
public final class CaptureCommand implements Callable<Integer> {

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE.tar.gz|DIR",
            description = "Where to write the bundle: a .tar.gz file or a folder; it must not exist yet.")
    Path output;

    @Mixin
    HostOptions hostOptions;

    @Option(names = "--redact", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Replace GPU UUIDs, serial numbers, user names in paths, user@host, IP and MAC addresses in the "
                    + "whole bundle with consistent stand-ins, so that it can be shared and still replays (default: on; "
                    + "--no-redact keeps them).")
    boolean redact;

    private final Runtime rt;

    CaptureCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        // The matrix loads while the probes run: it is needed only when the facts are in.
        dev.gpudoctor.matrix.BundledMatrix.preload();
        try (OpenHost open = hostOptions.open(rt)) {
            RecordingHost recording = new RecordingHost(open.host());
            Examination.Result result = hostOptions.examine(open, recording);
            Report report = Reports.of(recording, result, open.capturedAt(), BuildInfo.version());
            try {
                BundleWriter.write(recording, "gpu-doctor " + BuildInfo.version(), hostOptions.asked(open.host()),
                        redact ? List.of("redacted by gpu-doctor capture: " + String.join(", ", dev.gpudoctor.redact.Redactor.KINDS)
                                + " replaced by consistent stand-ins (--no-redact keeps them)") : List.of(),
                        Json.write(report), output, redact ? new dev.gpudoctor.redact.Redactor() : null);
            } catch (IOException e) {
                throw new UserError(ExitCode.COULD_NOT_RUN, "cannot write the bundle " + output + ": " + e.getMessage(), e);
            }
            rt.err().println("Captured " + open.host().description() + " into " + output
                    + " (" + Math.round(result.elapsedMs()) + " ms). Replay it with: gpu-doctor check --from " + output);
            rt.err().flush();
            return ExitCode.OK.code();
        }
    }
}
