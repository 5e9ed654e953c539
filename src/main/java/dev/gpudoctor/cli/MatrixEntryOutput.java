package dev.gpudoctor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.matrix.Citation;
import dev.gpudoctor.matrix.Cited;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.Subject;
import dev.gpudoctor.report.Json;
import java.io.PrintWriter;

/** How the matrix commands print a matrix record: one line plus its citation, or a JSON object. */
final class MatrixEntryOutput {

    enum Format { text, json }

    /** "  CUDA 12.4.1 ...  [unconfirmed]" and, indented below, where it is written and its source. */
    static void text(PrintWriter out, Cited record) {
        Citation c = record.citation();
        out.println("  " + record.describe() + (c.confirmed() ? "" : "  [unconfirmed]"));
        out.println("      " + c.file() + " line " + c.line() + ", source " + c.url());
    }

    /**
     * The record as the file writes it, with its citation resolved. The entry is the validated YAML
     * node itself (the published format), not a serialization of the Java record.
     */
    static ObjectNode json(Matrix m, Subject subject, String section, Cited record) {
        Citation c = record.citation();
        ObjectNode o = Json.mapper().createObjectNode();
        o.put("subject", subject.id());
        o.put("section", section);
        o.put("summary", record.describe());
        o.put("file", c.file());
        o.put("line", c.line());
        o.put("field", c.field());
        o.put("source", c.source());
        o.put("url", c.url());
        o.put("confirmed", c.confirmed());
        c.note().ifPresent(n -> o.put("note", n));
        JsonNode entry = m.info().document(subject).at(pointer(c.field()));
        o.set("entry", entry);
        return o;
    }

    /** "entries[3]" back to the JSON Pointer "/entries/3". */
    private static String pointer(String field) {
        return "/" + field.replaceAll("\\[(\\d+)]", "/$1").replace('.', '/');
    }

    private MatrixEntryOutput() {
    }
}
