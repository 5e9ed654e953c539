package dev.gpudoctor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.matrix.Cited;
import dev.gpudoctor.matrix.FileSummary;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.Subject;
import dev.gpudoctor.report.Json;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Without SUBJECT: the matrix version and what each file holds. With SUBJECT: that file's entries, "
                + "each with its line and source.")
public final class MatrixShowCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "SUBJECT",
            description = "One of: cuda-toolkit, driver-branches, forward-compat, gpus, cudnn, tensorrt, pytorch, "
                    + "tensorflow, jax, onnxruntime, ngc, known-bad, install.")
    String subject;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (the subject's file as validated, or the summary).")
    MatrixEntryOutput.Format format;

    @Mixin
    MatrixOptions matrixOptions;

    @ParentCommand
    MatrixCommand parent;

    @Override
    public Integer call() {
        Subject s = subject == null ? null : Subject.byId(subject).orElseThrow(() -> new UserError(ExitCode.USAGE,
                "unknown subject '" + subject + "'; one of: " + Arrays.stream(Subject.values()).map(Subject::id)
                        .collect(Collectors.joining(", "))));
        Matrix m = matrixOptions.load();
        PrintWriter out = parent.rt.out();
        if (s == null) {
            summary(m, out);
        } else if (format == MatrixEntryOutput.Format.json) {
            out.println(Json.write(m.info().document(s)));
        } else {
            entries(m, s, out);
        }
        out.flush();
        return ExitCode.OK.code();
    }

    private void summary(Matrix m, PrintWriter out) {
        if (format == MatrixEntryOutput.Format.json) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("matrixVersion", m.matrixVersion());
            o.put("schemaVersion", m.schemaVersion());
            o.put("origin", m.info().origin());
            ArrayNode files = o.putArray("files");
            for (FileSummary f : m.info().files()) {
                ObjectNode fo = files.addObject();
                fo.put("subject", f.subject().id());
                fo.put("file", f.file());
                fo.put("entries", f.entries());
                f.sections().forEach(fo.putObject("sections")::put);
                fo.put("unconfirmed", f.unconfirmed());
            }
            out.println(Json.write(o));
            return;
        }
        out.println("Compatibility matrix " + m.matrixVersion() + " (schemaVersion " + m.schemaVersion() + ", "
                + m.info().origin() + ")");
        for (FileSummary f : m.info().files()) {
            out.printf("  %-16s %4d entries%s%n", f.subject().id(), f.entries(),
                    f.unconfirmed() > 0 ? " (" + f.unconfirmed() + " unconfirmed)" : "");
        }
    }

    private static void entries(Matrix m, Subject s, PrintWriter out) {
        for (Map.Entry<String, List<? extends Cited>> section : m.sections(s).entrySet()) {
            out.println(s.fileName() + " " + section.getKey() + " (" + section.getValue().size() + "):");
            section.getValue().forEach(r -> MatrixEntryOutput.text(out, r));
        }
    }
}
