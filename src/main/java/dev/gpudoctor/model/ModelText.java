package dev.gpudoctor.model;

import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.section.AreaLine.Health;
import dev.gpudoctor.report.TextRenderer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** model inspect and model check in the doctor's style: one line per area, the interface always in full. */
public final class ModelText {


    private final boolean verbose;
    private final boolean colour;

    public ModelText(boolean verbose, boolean colour) {
        this.verbose = verbose;
        this.colour = colour;
    }

    private record Line(Health mark, String area, String head, List<String> details) {
    }

    public String render(ModelReport r) {
        ModelReport.Model m = r.model();
        StringBuilder b = new StringBuilder();
        b.append(r.tool().name()).append(' ').append(r.tool().version()).append(" - model ").append(m.path()).append(" (")
                .append(m.kind().words()).append(", ").append(size(m.bytes())).append(")\n\n");
        List<Line> lines = new ArrayList<>();
        if (m.onnx() != null) {
            onnx(m.onnx(), lines);
        }
        if (m.tensorflow() != null) {
            tensorflow(m.tensorflow(), lines);
        }
        if (m.conversion() != null) {
            ModelReport.Conversion c = m.conversion();
            List<String> d = new ArrayList<>();
            d.add(c.opset() == null ? "no --opset: " + c.opsetReason() : "opset " + c.opset() + ": " + c.opsetReason());
            if (verbose) {
                c.sources().forEach(s -> d.add("source: " + s));
            }
            lines.add(new Line(Health.INFO, "Convert", c.command(), d));
        }
        if (r.tensorrt() != null) {
            for (ModelReport.TensorrtTarget t : r.tensorrt()) {
                lines.add(tensorrt(t));
            }
        }
        if (r.build() != null) {
            lines.add(build(r.build()));
        }
        int width = lines.stream().mapToInt(l -> l.area().length()).max().orElse(10);
        for (Line l : lines) {
            b.append(glyph(l.mark())).append(' ').append(String.format("%-" + width + "s", l.area())).append("  ")
                    .append(l.head()).append('\n');
            for (String d : l.details()) {
                b.append("      ").append(d).append('\n');
            }
        }
        if (!m.notes().isEmpty()) {
            b.append("\nNotes:\n");
            m.notes().forEach(n -> b.append("  - ").append(n).append('\n'));
        }
        new TextRenderer(verbose, colour).findings(r.findings(), true, b);
        long errors = r.findings().stream().filter(x -> x.severity() == Severity.ERROR).count();
        long warnings = r.findings().stream().filter(x -> x.severity() == Severity.WARNING).count();
        b.append('\n').append(errors > 0 ? errors + " problem(s)" + (warnings > 0 ? ", " + warnings + " warning(s)" : "") + " found."
                : warnings > 0 ? warnings + " warning(s), no problem found." : "No problem found.");
        if (!verbose) {
            b.append(" Run with -v for the explanations.");
        }
        return b.append('\n').toString();
    }

    private void onnx(ModelReport.Onnx o, List<Line> lines) {
        lines.add(new Line(Health.INFO, "Format", "ONNX IR version " + o.irVersion()
                + (o.producer() == null ? "" : ", produced by " + o.producer() + (o.producerVersion() == null ? "" : " " + o.producerVersion())),
                List.of()));
        lines.add(new Line(Health.INFO, "Opsets", o.opsets().isEmpty() ? "none imported"
                : String.join(", ", o.opsets().stream().map(x -> x.domain() + " " + x.version()).toList()), List.of()));
        List<String> inputs = values(o.inputs());
        if (o.initializerInputs() > 0) {
            inputs.add("(" + o.initializerInputs() + " more graph input(s) are initializers, listed as inputs by older exporters:"
                    + " not inputs)");
        }
        lines.add(new Line(Health.INFO, "Inputs", Integer.toString(o.inputs().size()), inputs));
        lines.add(new Line(Health.INFO, "Outputs", Integer.toString(o.outputs().size()), values(o.outputs())));
        List<String> ops = new ArrayList<>();
        List<ModelReport.OperatorCount> shown = verbose ? o.operators() : o.operators().stream().limit(12).toList();
        int w = shown.stream().mapToInt(x -> x.qualified().length()).max().orElse(0);
        shown.forEach(x -> ops.add(String.format("%-" + w + "s %d", x.qualified(), x.count())));
        if (shown.size() < o.operators().size()) {
            ops.add("... " + (o.operators().size() - shown.size()) + " more (-v lists all)");
        }
        lines.add(new Line(Health.INFO, "Operators", o.operators().size() + " kinds in " + (o.nodes() + o.subgraphNodes()) + " nodes"
                + (o.subgraphNodes() > 0 ? " (" + o.subgraphNodes() + " inside subgraphs)" : "")
                + (o.localFunctions().isEmpty() ? "" : "; local functions: " + String.join(", ", o.localFunctions())), ops));
        ModelReport.Weights wt = o.weights();
        List<String> ext = new ArrayList<>();
        for (ModelReport.ExternalFile f : wt.externalFiles()) {
            ext.add(f.location() + ": " + f.tensors() + " tensor(s), " + f.bytesNeeded() + " bytes needed, "
                    + (f.bytesOnDisk() == null ? "missing" : f.bytesOnDisk() + " on disk")
                    + (f.problem() == null || f.problem().equals("missing") ? "" : " (" + f.problem() + ")"));
        }
        boolean bad = wt.externalFiles().stream().anyMatch(f -> f.problem() != null);
        lines.add(new Line(bad ? Health.PROBLEM : Health.INFO, "Weights", wt.count() + " initializer(s), " + size(wt.bytes())
                + (wt.externalBytes() > 0 ? " (" + size(wt.inlineBytes()) + " inline, " + size(wt.externalBytes()) + " in "
                + wt.externalFiles().size() + " external file(s))" : ""), ext));
    }

    private void tensorflow(ModelReport.TensorFlow t, List<Line> lines) {
        if (t.metaGraphs() != null) {
            lines.add(new Line(Health.INFO, "SavedModel", "schema version " + t.savedModelSchemaVersion() + ", " + t.metaGraphs().size()
                    + " meta graph(s)", t.metaGraphs().stream().map(mg -> "tags " + (mg.tags().isEmpty() ? "(none)" : String.join(",", mg.tags()))
                            + (mg.tensorflowVersion() == null ? "" : ", TensorFlow " + mg.tensorflowVersion()) + ", " + mg.nodes() + " nodes, "
                            + mg.functions() + " functions, signatures: " + (mg.signatures().isEmpty() ? "none"
                            : String.join(", ", mg.signatures().stream().map(ModelReport.Signature::key).toList()))).toList()));
            if (t.signature() != null) {
                lines.add(new Line(Health.INFO, "Signature", t.signature(), List.of()));
            }
        } else {
            lines.add(new Line(Health.INFO, "Graph", t.nodes() + " nodes" + (t.functions() > 0 ? ", " + t.functions() + " functions" : ""),
                    List.of()));
        }
        lines.add(new Line(Health.INFO, "Inputs", Integer.toString(t.inputs().size()), values(t.inputs())));
        lines.add(new Line(Health.INFO, "Outputs", Integer.toString(t.outputs().size()), values(t.outputs())));
        List<ModelReport.OperatorCount> shown = verbose ? t.operators() : t.operators().stream().limit(8).toList();
        lines.add(new Line(Health.INFO, "Operators", String.join(", ", shown.stream().map(x -> x.op() + " " + x.count()).toList())
                + (shown.size() < t.operators().size() ? ", ... " + (t.operators().size() - shown.size()) + " more" : ""), List.of()));
    }

    private static List<String> values(List<ModelReport.Value> vs) {
        List<String> out = new ArrayList<>();
        int w = vs.stream().mapToInt(v -> label(v).length()).max().orElse(0);
        for (ModelReport.Value v : vs) {
            String type = v.type() == null ? "" : v.type();
            String shape = v.shape() == null ? (v.type() == null ? "" : "shape not stated") : "[" + String.join(",", v.shape()) + "]";
            out.add((String.format("%-" + w + "s  %s %s", label(v), type, shape)).stripTrailing());
        }
        return out;
    }

    private static String label(ModelReport.Value v) {
        String name = v.name() == null ? "(no single tensor name)" : v.name();
        return v.key() == null ? name : v.key() + " -> " + name;
    }

    private static Line tensorrt(ModelReport.TensorrtTarget t) {
        String area = "TensorRT " + t.tensorrt();
        if (t.table() == null) {
            return new Line(Health.WARNING, area, "no ONNX operator table in the matrix; not checked", List.of(t.foundAt()));
        }
        List<String> problems = new ArrayList<>();
        if (Boolean.FALSE.equals(t.opsetImported())) {
            problems.add("opset " + t.opset() + " not imported (" + t.opsets() + ")");
        }
        if (!t.unsupported().isEmpty()) {
            problems.add(t.unsupported().size() + " operator(s) unsupported: " + String.join(", ", t.unsupported()));
        }
        if (!t.notListed().isEmpty()) {
            problems.add(t.notListed().size() + " not in its table: " + String.join(", ", t.notListed()));
        }
        if (!t.otherDomain().isEmpty()) {
            problems.add(t.otherDomain().size() + " outside ai.onnx: " + String.join(", ", t.otherDomain()));
        }
        boolean error = Boolean.TRUE.equals(t.tableConfirmed()) && (Boolean.FALSE.equals(t.opsetImported())
                || !t.unsupported().isEmpty());
        Health mark = problems.isEmpty() ? Health.OK : error ? Health.PROBLEM : Health.WARNING;
        String head = problems.isEmpty() ? "opset " + t.opset() + " and every operator supported (table " + t.table() + ", opsets "
                + t.opsets() + ")" + (t.restricted().isEmpty() ? "" : "; " + t.restricted().size() + " with restrictions")
                : String.join("; ", problems);
        return new Line(mark, area, head, List.of(t.foundAt() + "; table " + t.table()
                + (Boolean.TRUE.equals(t.tableConfirmed()) ? "" : " (unconfirmed)") + ": " + t.source()));
    }

    private Line build(ModelReport.Build e) {
        String prec = e.precision() == null ? "" : e.precision().toUpperCase(Locale.ROOT) + " ";
        List<String> d = new ArrayList<>();
        String head;
        Health mark;
        switch (e.result()) {
            case "passed" -> {
                mark = Health.OK;
                head = prec + "engine built in " + ModelBuild.ms(e.buildMs()) + " by " + e.route()
                        + (e.tensorrt() == null ? "" : ", TensorRT " + e.tensorrt())
                        + (e.device() == null ? "" : " on " + e.device() + (e.computeCapability() == null ? ""
                        : " (compute " + e.computeCapability() + ")"));
                d.add("inputs: " + ModelBuild.tensors(e.inputs()));
                d.add("outputs: " + ModelBuild.tensors(e.outputs()) + (e.tensorsFrom().equals("plan") ? "" : " (as the ONNX graph "
                        + "declares them)"));
                d.add(e.plan() == null ? "plan not kept (--save-engine PLAN keeps it)" : "plan saved to " + e.plan());
            }
            case "not-possible" -> {
                mark = Health.PROBLEM;
                head = "not built: nothing here builds an engine";
                e.routes().forEach(r -> d.add(r.name() + ": " + r.why()));
            }
            default -> {
                mark = Health.PROBLEM;
                head = prec + "build " + (e.result().equals("timed-out") ? "did not finish" : "failed") + " (" + e.route()
                        + (e.tensorrt() == null ? "" : ", TensorRT " + e.tensorrt()) + "): "
                        + (e.failure() == null ? "" : e.failure().lines().findFirst().orElse(""));
            }
        }
        if (verbose) {
            // Without -v the finding's evidence carries the command; the routes are for working out why this one.
            if (e.command() != null) {
                d.add("command: " + e.command());
            }
            e.routes().stream().filter(r -> !e.result().equals("not-possible")).forEach(r -> d.add("route " + r.name() + ": " + r.why()));
        }
        return new Line(mark, "Engine build", head, d);
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private String glyph(Health m) {
        return TextRenderer.glyph(m, colour);
    }
}
