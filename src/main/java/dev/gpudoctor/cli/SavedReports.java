package dev.gpudoctor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.Reports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * A saved report (check --format json) or a capture, diagnosed with this version's rules: what
 * diagnose prints and what diff compares; and a saved report read as it was, for summarize.
 */
final class SavedReports {

    static final long MAX_REPORT_BYTES = 64L * 1024 * 1024;

    /** Made once: the mapper's readValue looks the type and its deserializer up again for every call. */
    private static final ObjectReader REPORT = Json.mapper().readerFor(Report.class);

    private SavedReports() {
    }

    static Report load(Path input, MatrixSource matrix) {
        return load(input, () -> Reports.Diagnosis.of(matrix));
    }

    /**
     * As {@link #load(Path, MatrixSource)}, with the rules built by the caller (once for a folder of
     * reports). They are asked for only once the report is read: the matrix loads meanwhile.
     */
    static Report load(Path input, Supplier<Reports.Diagnosis> rules) {
        return input.getFileName() != null && input.getFileName().toString().endsWith(".json")
                ? rediagnose(input.toString(), bytes(input), rules) : fromBundle(input, rules);
    }

    /**
     * A saved report as it was written, findings included, checked to hold what renderers rely on;
     * read by {@code reader}, which may leave out what its caller does not use (summarize).
     */
    static Report read(Path input, ObjectReader reader) {
        return parse(input.toString(), bytes(input), reader);
    }

    private static byte[] bytes(Path input) {
        // A pipe or a device named *.json would be read until it ends, which may be never.
        if (Files.exists(input) && !Files.isRegularFile(input)) {
            throw new UserError(ExitCode.COULD_NOT_RUN, input + " is not a regular file: not a gpu-doctor report");
        }
        try {
            if (Files.size(input) > MAX_REPORT_BYTES) {
                throw new UserError(ExitCode.COULD_NOT_RUN, input + " is larger than 64 MiB: not a gpu-doctor report");
            }
            return Files.readAllBytes(input);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "no such file: " + input, e);
        } catch (IOException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "cannot read " + input + ": " + e.getMessage(), e);
        }
    }

    /**
     * A saved report's facts checked again with this version's rules; a document that is not a
     * gpu-doctor report is a UserError that says why (SavedReportFuzzTest feeds it hostile JSON).
     */
    static Report rediagnose(String name, byte[] json, MatrixSource matrix) {
        return rediagnose(name, json, () -> Reports.Diagnosis.of(matrix));
    }

    private static Report rediagnose(String name, byte[] json, Supplier<Reports.Diagnosis> rules) {
        Report saved = parse(name, json, REPORT);
        return saved.withFindings(rules.get().diagnose(saved.facts(), saved.probes()));
    }

    private static Report parse(String name, byte[] json, ObjectReader reader) {
        try {
            Report saved = reader.readValue(json);
            // Required by the report's published schema, and read by every renderer.
            if (saved == null || saved.facts() == null || saved.tool() == null || saved.host() == null) {
                throw new UserError(ExitCode.COULD_NOT_RUN, name + " holds no facts: not a gpu-doctor report");
            }
            if (saved.schemaVersion() > Report.SCHEMA_VERSION) {
                throw new UserError(ExitCode.COULD_NOT_RUN, name + " has report schemaVersion " + saved.schemaVersion()
                        + "; this gpu-doctor reads " + Report.SCHEMA_VERSION);
            }
            java.util.Optional<String> missing = dev.gpudoctor.report.SavedFacts.firstMissing(saved.facts());
            if (missing.isPresent()) {
                throw new UserError(ExitCode.COULD_NOT_RUN, name + " is not a valid gpu-doctor report: "
                        + dev.gpudoctor.fact.Excerpt.of(missing.get(), 120) + " is missing");
            }
            return saved;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new UserError(ExitCode.COULD_NOT_RUN, name + " is not a valid gpu-doctor report: "
                    + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            // The bytes are already read: what fails here is their content (an encoding Jackson refuses).
            throw new UserError(ExitCode.COULD_NOT_RUN, name + " is not a valid gpu-doctor report: "
                    + dev.gpudoctor.fact.Excerpt.of(String.valueOf(e.getMessage()), 120), e);
        }
    }

    private static Report fromBundle(Path input, Supplier<Reports.Diagnosis> rules) {
        Path scratch;
        try {
            scratch = Files.createTempDirectory("gpu-doctor-bundle-");
        } catch (IOException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "cannot create a temporary folder: " + e.getMessage(), e);
        }
        try (OpenHost open = new OpenHost(BundleHost.open(input, scratch), null, scratch)) {
            BundleHost b = (BundleHost) open.host();
            // The capture's own --python/--pid/--deep: their answers are in the bundle.
            Examination.Result result = Examination.of(b, b.asked().pythons(), b.asked().pids(), b.asked().deep(),
                    java.time.Duration.ofSeconds(60));
            return Reports.of(b, result, b.capturedAt(), BuildInfo.version(), rules.get());
        } catch (BundleHost.BundleException e) {
            OpenHost.delete(scratch);
            throw new UserError(ExitCode.COULD_NOT_RUN, e.getMessage(), e);
        }
    }
}
