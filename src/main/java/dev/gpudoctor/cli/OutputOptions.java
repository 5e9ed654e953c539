package dev.gpudoctor.cli;

import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.MarkdownRenderer;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.report.TextRenderer;
import picocli.CommandLine.Option;

/** How a report is printed, shared by the commands that print one. */
public final class OutputOptions {

    enum Format { text, json, markdown, prometheus }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), json (only JSON on stdout), markdown (for pasting into an issue) or prometheus "
                    + "(a node_exporter textfile: versions as labels, findings by severity and code, check duration).")
    Format format;

    @Option(names = {"-v", "--verbose"}, description = "Show every fact and where it was read.")
    boolean verbose;

    @Option(names = "--redact", negatable = true,
            description = "Replace GPU UUIDs, serial numbers, user names in paths, user@host, IP and MAC addresses with "
                    + "consistent stand-ins (default: on for markdown, which is made for pasting into public issues; "
                    + "off for text and json; --no-redact turns it off).")
    Boolean redact;

    String render(Report report, Runtime rt) {
        String out = renderPlain(report, rt);
        return redacts() ? new dev.gpudoctor.redact.Redactor().redact(out) : out;
    }

    /** The report as asked, before redaction (diagnose of many reports redacts them with one set of stand-ins). */
    String renderPlain(Report report, Runtime rt) {
        return switch (format) {
            case json -> Json.write(report) + "\n";
            case markdown -> new MarkdownRenderer().render(report);
            case prometheus -> new dev.gpudoctor.report.PrometheusRenderer().render(report);
            case text -> new TextRenderer(verbose, rt.colour()).render(report);
        };
    }

    boolean redacts() {
        return redact != null ? redact : format == Format.markdown;
    }
}
