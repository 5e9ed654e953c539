package dev.gpudoctor.cli;

import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.model.ModelReport;
import dev.gpudoctor.model.ModelText;
import dev.gpudoctor.report.Json;
import picocli.CommandLine.Option;

/** How model inspect and model check print: doctor-style text or JSON, and the exit code of what they found. */
final class ModelOutputOptions {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema: docs/model.schema.json).")
    String format;

    @Option(names = {"-v", "--verbose"}, description = "Show every operator, the findings' explanations and the sources.")
    boolean verbose;

    /** Checked before any work: a usage error should not wait for a model to be read. */
    void check() {
        OutputFormats.textOrJson(format);
    }

    int print(Runtime rt, ModelReport report) {
        boolean json = OutputFormats.textOrJson(format);
        rt.out().print(json ? Json.write(report) + "\n" : new ModelText(verbose, rt.colour()).render(report));
        rt.out().flush();
        boolean error = report.findings().stream().anyMatch(f -> f.severity() == Severity.ERROR);
        return (error ? ExitCode.PROBLEMS : ExitCode.OK).code();
    }
}
