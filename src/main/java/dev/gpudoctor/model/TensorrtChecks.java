package dev.gpudoctor.model;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.TensorrtOnnxSupport;
import dev.gpudoctor.model.onnx.OnnxFile;
import dev.gpudoctor.model.onnx.OnnxModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * An ONNX model against TensorRT releases: the opset and every operator looked up in the release's
 * table (compat-matrix/tensorrt-onnx.yaml). Which release first supports what the model needs is
 * derived from the tables, never written down: the earliest release from which on every newer
 * table in the matrix supports it.
 */
public final class TensorrtChecks {

    static final String AREA = "TensorRT";
    static final String OPSET = "model.trt-opset-unsupported";
    static final String OPERATOR = "model.trt-operator-unsupported";
    static final String UNLISTED = "model.trt-operator-unlisted";
    static final String RESTRICTED = "model.trt-operator-restricted";
    static final String OTHER_DOMAIN = "model.trt-custom-domain";
    static final String NO_TABLE = "model.trt-no-table";
    static final String NOT_FOUND = "model.trt-not-found";

    static final String PLUGIN_DOC = "https://docs.nvidia.com/deeplearning/tensorrt/latest/inference-library/extending-custom-layers.html";

    /** A TensorRT release to check against, and where its version was read. */
    public record Target(Version version, String foundAt) {
    }

    public record Result(List<ModelReport.TensorrtTarget> targets, List<Finding> findings) {
    }

    /** The earliest table from which on every newer one holds a property, and the table before it. */
    record Since(TensorrtOnnxSupport first, Optional<TensorrtOnnxSupport> before) {
        String words() {
            return "supported from TensorRT " + first.tensorrt() + " on among the releases with tables"
                    + before.map(b -> " (" + b.tensorrt() + ", the one before it, lacks it)").orElse("");
        }
    }

    private TensorrtChecks() {
    }

    /**
     * @param what       the model as named in messages
     * @param whyNoHost  why the host gave no target (its probe's words), where it gave none
     */
    public static Result check(OnnxFile file, Matrix matrix, List<Target> targets, String what, String whyNoHost) {
        List<ModelReport.TensorrtTarget> out = new ArrayList<>();
        List<Finding> findings = new ArrayList<>();
        if (targets.isEmpty()) {
            findings.add(new Finding(NOT_FOUND, Severity.ERROR, AREA, "No TensorRT to check " + what + " against",
                    "No TensorRT installation was found on the host examined, and no --tensorrt VERSION was given: nothing"
                            + " was checked.",
                    whyNoHost == null ? List.of() : List.of("TensorRT: " + whyNoHost), List.of(Fix.advice("Name the release to check against: gpu-doctor model check " + what
                            + " --tensorrt 10.8", null))));
            return new Result(out, findings);
        }
        Map<String, int[]> counts = operatorCounts(file);
        Set<String> localFunctions = new HashSet<>();
        file.functions().forEach(f -> localFunctions.add(OnnxSummaries.domain(f.domain()) + "::" + f.name()));
        long opset = OnnxSummaries.defaultOpset(file.model());
        List<Target> unmatched = new ArrayList<>();
        for (Target t : targets) {
            Optional<TensorrtOnnxSupport> table = matrix.tensorrtOnnxFor(t.version());
            if (table.isEmpty()) {
                unmatched.add(t);
                out.add(new ModelReport.TensorrtTarget(t.version().toString(), t.foundAt(), null, null, null, null,
                        opset < 0 ? null : opset, null, null, null, null, null));
                continue;
            }
            out.add(against(t, table.get(), matrix, counts, localFunctions, opset, what, findings));
        }
        if (!unmatched.isEmpty()) {
            boolean nothingChecked = unmatched.size() == targets.size();
            List<String> evidence = new ArrayList<>();
            unmatched.forEach(t -> evidence.add("TensorRT " + t.version() + " [" + t.foundAt() + "]"));
            evidence.add("tables in the matrix: " + String.join(", ", matrix.tensorrtOnnx().stream().map(x -> x.tensorrt().toString())
                    .toList()) + " [compat-matrix/tensorrt-onnx.yaml]");
            findings.add(new Finding(NO_TABLE, nothingChecked ? Severity.ERROR : Severity.WARNING, AREA,
                    "No ONNX operator table for TensorRT " + String.join(", ", unmatched.stream().map(t -> t.version().toString()).toList()),
                    "The matrix keeps the operator tables it could source (onnx-tensorrt's docs/operators.md per release) and"
                            + " does not fill a release in from its neighbours, so " + what + " was not checked against "
                            + (unmatched.size() == 1 ? "it" : "them") + (nothingChecked ? " (nor against anything else)." : "."),
                    evidence,
                    List.of(Fix.advice("Check against a release with a table (--tensorrt " + matrix.tensorrtOnnx().stream()
                            .filter(TensorrtOnnxSupport::confirmed).map(x -> x.tensorrt().toString()).reduce((a, b) -> b).orElse("?")
                            + "), or read the release's own operators.md.", "https://github.com/onnx/onnx-tensorrt/blob/main/docs/operators.md"))));
        }
        findings.sort(Comparator.comparing(Finding::severity));
        return new Result(out, findings);
    }

    private static ModelReport.TensorrtTarget against(Target t, TensorrtOnnxSupport table, Matrix matrix, Map<String, int[]> counts,
            Set<String> localFunctions, long opset, String what, List<Finding> findings) {
        // Facts of an unconfirmed table are shown, never raised as errors (compat-matrix/README.md).
        Severity error = table.confirmed() ? Severity.ERROR : Severity.INFO;
        String release = "TensorRT " + t.version() + (t.version().equals(table.tensorrt()) ? "" : " (table " + table.tensorrt() + ")");
        String tableRef = "onnx-tensorrt operators.md for TensorRT " + table.tensorrt() + " [" + table.source() + "]";
        Boolean opsetOk = null;
        if (opset >= 0) {
            opsetOk = table.importsOpset(opset);
            if (!opsetOk) {
                Optional<Since> since = since(matrix, x -> x.importsOpset(opset));
                List<String> ev = new ArrayList<>(List.of("model imports ai.onnx opset " + opset + " [" + what + "]",
                        "TensorRT " + table.tensorrt() + " imports ONNX opsets " + table.opsetRange() + ": " + tableRef));
                since.ifPresent(s -> ev.add("opset " + opset + ": " + s.words() + " [" + s.first().source() + "]"));
                table.citation().note().ifPresent(n -> ev.add("note: " + n));
                findings.add(new Finding(OPSET, error, AREA, "ONNX opset " + opset + " is beyond what " + release + " imports ("
                        + table.opsetRange() + ")",
                        "TensorRT's ONNX parser refuses a model whose default-domain opset is outside its range."
                                + since.map(s -> " Opset " + opset + " is " + s.words() + ".").orElse(""),
                        ev, List.of(Fix.advice("Export again with --opset " + table.maxOpset() + " (or lower)"
                                + since.map(s -> ", or use TensorRT " + s.first().tensorrt() + " or newer").orElse("") + ".",
                                table.source()))));
            }
        }
        List<String> unsupported = new ArrayList<>();
        List<String> notListed = new ArrayList<>();
        List<String> restricted = new ArrayList<>();
        List<String> otherDomain = new ArrayList<>();
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            String qualified = e.getKey();
            int n = e.getValue()[0];
            String domain = qualified.substring(0, qualified.indexOf("::"));
            String op = qualified.substring(qualified.indexOf("::") + 2);
            String shownOp = ProtoInput.shown(op);
            String nodes = n + (n == 1 ? " node" : " nodes");
            if (localFunctions.contains(qualified)) {
                continue;
            }
            if (!domain.equals(OnnxSummaries.DEFAULT_DOMAIN)) {
                otherDomain.add(ProtoInput.shown(qualified));
                continue;
            }
            switch (table.answer(op)) {
                case UNSUPPORTED -> {
                    unsupported.add(shownOp);
                    Optional<Since> since = since(matrix, x -> x.answer(op) == TensorrtOnnxSupport.Answer.SUPPORTED);
                    List<String> ev = new ArrayList<>(List.of(shownOp + ": " + nodes + " [" + what + "]",
                            shownOp + " marked N (not supported) for TensorRT " + table.tensorrt() + ": " + tableRef));
                    since.ifPresent(s -> ev.add(shownOp + ": " + s.words() + " [" + s.first().source() + "]"));
                    table.restriction(op).ifPresent(r -> ev.add("table says: " + r));
                    table.citation().note().ifPresent(note -> ev.add("note: " + note));
                    findings.add(new Finding(OPERATOR, error, AREA, "Operator " + shownOp + " (" + nodes + ") is not supported by "
                            + release + since.map(s -> "; TensorRT " + s.first().tensorrt() + " supports it").orElse(""),
                            "TensorRT " + table.tensorrt() + "'s ONNX operator table marks " + shownOp + " unsupported: parsing the"
                                    + " model fails at the first such node unless a plugin provides it."
                                    + since.map(s -> " It is " + s.words() + ".").orElse(" No release in the matrix supports it."),
                            ev, List.of(Fix.advice(since.map(s -> "Use TensorRT " + s.first().tensorrt() + " or newer, or r")
                                    .orElse("R") + "eplace " + shownOp + " in the exporter, or provide a plugin for it.", table.source()))));
                }
                case NOT_LISTED -> {
                    notListed.add(shownOp);
                    Optional<Since> since = since(matrix, x -> x.answer(op) == TensorrtOnnxSupport.Answer.SUPPORTED);
                    List<String> ev = new ArrayList<>(List.of(shownOp + ": " + nodes + " [" + what + "]",
                            shownOp + " is not in the table for TensorRT " + table.tensorrt() + ": " + tableRef));
                    since.ifPresent(s -> ev.add(shownOp + ": " + s.words() + " [" + s.first().source() + "]"));
                    findings.add(new Finding(UNLISTED, Severity.WARNING, AREA, "Operator " + shownOp + " (" + nodes + ") is not in "
                            + release + "'s ONNX operator table",
                            "The table lists the ONNX operators of its time, supported or not; one it does not list is newer"
                                    + " than the release or misspelt, and the parser has no importer for it."
                                    + since.map(s -> " It is " + s.words() + ".").orElse(""),
                            ev, List.of(Fix.advice(since.map(s -> "Use TensorRT " + s.first().tensorrt() + " or newer, or r")
                                    .orElse("R") + "eplace " + shownOp + " in the exporter.", table.source()))));
                }
                case SUPPORTED -> table.restriction(op).ifPresent(r -> {
                    restricted.add(shownOp);
                    findings.add(new Finding(RESTRICTED, Severity.INFO, AREA, "Operator " + shownOp + " (" + nodes
                            + ") is supported by " + release + " with restrictions",
                            "The table supports " + shownOp + " only within the restrictions it states; a node outside them fails"
                                    + " to import.",
                            List.of("restrictions: " + r, tableRef), List.of()));
                });
            }
        }
        if (!otherDomain.isEmpty()) {
            findings.add(new Finding(OTHER_DOMAIN, Severity.WARNING, AREA, otherDomain.size() + " operator(s) outside the default"
                    + " ONNX domain: " + String.join(", ", otherDomain.stream().limit(8).toList()),
                    "TensorRT's operator table covers the default ai.onnx domain; operators of other domains (exporter"
                            + " extensions such as com.microsoft, ai.onnx.ml) import only where a TensorRT plugin of that name is"
                            + " registered.",
                    List.of(String.join(", ", otherDomain) + " [" + what + "]", tableRef),
                    List.of(Fix.advice("Export without the extension operators, or register a TensorRT plugin for each.", PLUGIN_DOC))));
        }
        return new ModelReport.TensorrtTarget(t.version().toString(), t.foundAt(), table.tensorrt().toString(), table.confirmed(),
                table.source(),
                table.opsetRange(), opset < 0 ? null : opset, opsetOk, unsupported, notListed, restricted, otherDomain);
    }

    /** Node counts by domain::op over the main graph, subgraphs and local functions' bodies. */
    static Map<String, int[]> operatorCounts(OnnxFile file) {
        List<OnnxModel.Node> nodes = new ArrayList<>(OnnxSummaries.allNodes(file));
        file.functions().forEach(f -> nodes.addAll(f.nodes()));
        Map<String, int[]> counts = new LinkedHashMap<>();
        for (OnnxModel.Node n : nodes) {
            counts.computeIfAbsent(OnnxSummaries.domain(n.domain()) + "::" + n.opType(), k -> new int[1])[0]++;
        }
        return counts;
    }

    /**
     * The earliest confirmed table from which on every newer confirmed table holds the property:
     * an operator that came and went (8.0 lists SoftmaxCrossEntropyLoss, 8.4 does not) counts from
     * its last arrival. Empty where the newest table does not hold it.
     */
    static Optional<Since> since(Matrix matrix, Predicate<TensorrtOnnxSupport> holds) {
        List<TensorrtOnnxSupport> tables = matrix.tensorrtOnnx().stream().filter(TensorrtOnnxSupport::confirmed)
                .sorted(Comparator.comparing(TensorrtOnnxSupport::tensorrt)).toList();
        int i = tables.size() - 1;
        if (i < 0 || !holds.test(tables.get(i))) {
            return Optional.empty();
        }
        while (i > 0 && holds.test(tables.get(i - 1))) {
            i--;
        }
        return Optional.of(new Since(tables.get(i), i > 0 ? Optional.of(tables.get(i - 1)) : Optional.empty()));
    }
}
