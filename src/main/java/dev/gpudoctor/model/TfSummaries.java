package dev.gpudoctor.model;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.model.tf.SavedModel;
import dev.gpudoctor.model.tf.TfGraph;
import dev.gpudoctor.model.tf.TfTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A TensorFlow model's interface as tf2onnx needs it: a frozen graph's inputs (Placeholders) and
 * outputs (nodes nothing consumes) in {@code name:0} form, or a SavedModel's signatures.
 */
public final class TfSummaries {

    static final String NO_VARIABLES = "model.saved-model-no-variables";
    static final String PB_ALONE = "model.saved-model-pb-alone";
    static final String NOT_FROZEN = "model.graphdef-not-frozen";
    static final String NO_OUTPUTS = "model.graphdef-no-outputs";

    static final String SAVED_MODEL_DOC = "https://www.tensorflow.org/guide/saved_model";

    /** Ops that feed a graph: inputs, whether or not anything reads them. */
    static final Set<String> PLACEHOLDERS = Set.of("Placeholder", "PlaceholderV2", "PlaceholderWithDefault");

    /**
     * Ops that end a graph without being its result: bookkeeping (NoOp, Assert, Print), constants
     * and variables left over, and the saver's ops.
     */
    static final Set<String> NOT_OUTPUTS = Set.of("NoOp", "Const", "Assert", "Print", "PrintV2", "VariableV2", "Variable",
            "VarHandleOp", "Assign", "AssignVariableOp", "SaveV2", "RestoreV2", "MergeV2Checkpoints", "SaveSlices",
            "RestoreSlice");

    /** Ops that hold a variable: a graph with them is not frozen. */
    static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable", "VarHandleOp");

    /** SavedModel's signature of its initializer, never a serving one (tensorflow/python/saved_model/constants.py). */
    static final String INIT_OP_SIGNATURE = "__saved_model_init_op";
    static final String SERVING_DEFAULT = "serving_default";
    static final String SERVE = "serve";

    /** The summary, the graph tensors a GraphDef conversion names, and what a person should know. */
    public record Summary(ModelReport.TensorFlow tensorflow, List<String> inputNames, List<String> outputNames,
                          SavedModel.MetaGraph metaGraph, SavedModel.Signature signature, List<Finding> findings,
                          List<String> notes) {
    }

    private TfSummaries() {
    }

    public static Summary graphDef(TfGraph g, String file) {
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ModelReport.Value> inputs = new ArrayList<>();
        List<String> inputNames = new ArrayList<>();
        for (TfGraph.Node n : g.nodes()) {
            if (PLACEHOLDERS.contains(n.op())) {
                String name = n.name() + ":0";
                inputNames.add(name);
                inputs.add(new ModelReport.Value(null, ProtoInput.shown(name), TfTypes.name(n.dtype()), shape(n.shape())));
                if (n.shape() == null || n.shape().unknownRank()) {
                    notes.add("input " + ProtoInput.shown(name) + " has no known rank: give its shape to tf2onnx as --inputs "
                            + ProtoInput.shown(name) + "[d1,d2,...] (-1 for an unknown dimension)");
                }
                if (n.op().equals("PlaceholderWithDefault")) {
                    notes.add("input " + ProtoInput.shown(name) + " is a PlaceholderWithDefault: tf2onnx's --ignore_default"
                            + " or --use_default decides whether it stays an input");
                }
            }
        }
        Set<String> consumed = new HashSet<>();
        for (TfGraph.Node n : g.nodes()) {
            for (String in : n.inputs()) {
                // "^x" only orders x before n: it reads none of x's outputs, so x may still be a result.
                if (!in.startsWith("^")) {
                    consumed.add(nodeOf(in));
                }
            }
        }
        List<String> outputNames = new ArrayList<>();
        for (TfGraph.Node n : g.nodes()) {
            if (!consumed.contains(n.name()) && !NOT_OUTPUTS.contains(n.op()) && !PLACEHOLDERS.contains(n.op())) {
                outputNames.add(n.name() + ":0");
            }
        }
        List<ModelReport.Value> outputs = outputNames.stream().map(o -> new ModelReport.Value(null, ProtoInput.shown(o), null, null))
                .toList();
        Map<String, Integer> variables = new LinkedHashMap<>();
        g.nodes().stream().filter(n -> VARIABLE_OPS.contains(n.op())).forEach(n -> variables.merge(n.op(), 1, Integer::sum));
        if (!variables.isEmpty()) {
            findings.add(new Finding(NOT_FROZEN, Severity.WARNING, OnnxSummaries.AREA,
                    "The GraphDef holds variables, so it is not a frozen graph",
                    "A frozen graph keeps its weights as constants; this one refers to variables whose values are in a"
                            + " checkpoint, not in this file, so converting it alone gives a model without its weights.",
                    List.of(variables.entrySet().stream().map(e -> e.getValue() + " " + e.getKey()).reduce((a, b) -> a + ", " + b)
                            .orElse("") + " [" + file + "]"),
                    List.of(Fix.advice("Convert the SavedModel or checkpoint the graph came from (tf2onnx --saved-model or"
                            + " --checkpoint), or freeze the graph first.", "https://github.com/onnx/tensorflow-onnx#cli-reference"))));
        }
        if (outputNames.isEmpty() && !g.nodes().isEmpty()) {
            findings.add(new Finding(NO_OUTPUTS, Severity.WARNING, OnnxSummaries.AREA, "No output found in the GraphDef",
                    "Every node is consumed by another or is bookkeeping (NoOp, Assert, constants), so the graph's results"
                            + " cannot be told from the file; tf2onnx needs them named with --outputs.",
                    List.of(g.nodes().size() + " nodes [" + file + "]"),
                    List.of(Fix.advice("Name the outputs from the model's code or documentation.",
                            "https://github.com/onnx/tensorflow-onnx#cli-reference"))));
        }
        ModelReport.TensorFlow tf = new ModelReport.TensorFlow(null, null, null, inputs, outputs, g.nodes().size(), g.functions(),
                operators(g));
        return new Summary(tf, inputNames, outputNames, null, null, findings, notes);
    }

    public static Summary savedModel(SavedModel sm, ModelFiles.Identified id) {
        List<Finding> findings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<ModelReport.MetaGraph> metaGraphs = new ArrayList<>();
        for (SavedModel.MetaGraph mg : sm.metaGraphs()) {
            metaGraphs.add(new ModelReport.MetaGraph(mg.tags().stream().map(ProtoInput::shown).toList(),
                    mg.tensorflowVersion() == null || mg.tensorflowVersion().isEmpty() ? null : ProtoInput.shown(mg.tensorflowVersion()),
                    mg.graph().nodes().size(), mg.graph().functions(), mg.signatures().stream().map(TfSummaries::signature).toList()));
        }
        SavedModel.MetaGraph chosen = sm.metaGraphs().stream().filter(m -> m.tags().contains(SERVE)).findFirst()
                .orElse(sm.metaGraphs().get(0));
        List<SavedModel.Signature> serving = chosen.signatures().stream().filter(s -> !s.key().equals(INIT_OP_SIGNATURE)).toList();
        Optional<SavedModel.Signature> signature = serving.stream().filter(s -> s.key().equals(SERVING_DEFAULT)).findFirst()
                .or(() -> serving.stream().findFirst());
        if (signature.isEmpty()) {
            notes.add("the meta graph tagged " + String.join(",", chosen.tags()) + " has no serving signature: tf2onnx needs"
                    + " --inputs and --outputs, or a SavedModel saved with signatures");
        } else if (serving.size() > 1) {
            notes.add("signatures: " + String.join(", ", serving.stream().map(s -> ProtoInput.shown(s.key())).toList())
                    + "; the command converts " + ProtoInput.shown(signature.get().key()));
        }
        if (id.pbAlone()) {
            findings.add(new Finding(PB_ALONE, Severity.INFO, OnnxSummaries.AREA,
                    "A SavedModel's " + ModelFiles.SAVED_MODEL_PB + " was given alone",
                    "saved_model.pb holds the graph and signatures; the weights are in the variables/ folder beside it, and"
                            + " tf2onnx reads the SavedModel by its folder, which the command below names.",
                    List.of(id.given() + " [folder " + id.folder() + "]"),
                    List.of(Fix.advice("Give the folder: gpu-doctor model inspect " + id.folder(), SAVED_MODEL_DOC))));
        }
        if (id.folder() != null && !java.nio.file.Files.isDirectory(id.folder().resolve(ModelFiles.VARIABLES))) {
            findings.add(new Finding(NO_VARIABLES, Severity.WARNING, OnnxSummaries.AREA,
                    "The SavedModel folder has no variables/ folder",
                    "A SavedModel keeps its weights in variables/ beside saved_model.pb; copied without it, a model that has"
                            + " variables cannot be loaded or converted.",
                    List.of(id.folder() + ": no " + ModelFiles.VARIABLES + "/"),
                    List.of(Fix.advice("Copy the whole SavedModel folder (saved_model.pb, variables/, assets/).", SAVED_MODEL_DOC))));
        }
        ModelReport.Signature s = signature.map(TfSummaries::signature).orElse(null);
        ModelReport.TensorFlow tf = new ModelReport.TensorFlow(sm.schemaVersion(), metaGraphs,
                signature.map(x -> ProtoInput.shown(x.key())).orElse(null), s == null ? List.of() : s.inputs(),
                s == null ? List.of() : s.outputs(), chosen.graph().nodes().size(), chosen.graph().functions(), operators(chosen.graph()));
        List<String> inputNames = signature.map(x -> x.inputs().stream().map(SavedModel.TensorSpec::tensorName).toList()).orElse(List.of());
        List<String> outputNames = signature.map(x -> x.outputs().stream().map(SavedModel.TensorSpec::tensorName).toList()).orElse(List.of());
        return new Summary(tf, inputNames, outputNames, chosen, signature.orElse(null), findings, notes);
    }

    static ModelReport.Signature signature(SavedModel.Signature s) {
        return new ModelReport.Signature(ProtoInput.shown(s.key()), s.methodName() == null || s.methodName().isEmpty() ? null
                : ProtoInput.shown(s.methodName()), s.inputs().stream().map(TfSummaries::spec).toList(),
                s.outputs().stream().map(TfSummaries::spec).toList());
    }

    private static ModelReport.Value spec(SavedModel.TensorSpec t) {
        return new ModelReport.Value(ProtoInput.shown(t.key()), t.tensorName() == null ? null : ProtoInput.shown(t.tensorName()),
                TfTypes.name(t.dtype()), shape(t.shape()));
    }

    /** Dimensions as text: a size, the dim's name where it has one and no size, or "?". */
    static List<String> shape(TfGraph.Shape s) {
        if (s == null || s.unknownRank()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.sizes().size(); i++) {
            long size = s.sizes().get(i);
            String name = i < s.names().size() ? s.names().get(i) : "";
            out.add(size >= 0 ? Long.toString(size) : name.isEmpty() ? "?" : ProtoInput.shown(name));
        }
        return out;
    }

    /** "x", "x:1" and "^x" all name node x. */
    static String nodeOf(String input) {
        String s = input.startsWith("^") ? input.substring(1) : input;
        int colon = s.lastIndexOf(':');
        if (colon > 0 && colon < s.length() - 1 && s.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            return s.substring(0, colon);
        }
        return s;
    }

    private static List<ModelReport.OperatorCount> operators(TfGraph g) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        g.nodes().forEach(n -> counts.merge(n.op(), 1, Integer::sum));
        return counts.entrySet().stream().map(e -> new ModelReport.OperatorCount("tf", ProtoInput.shown(e.getKey()), e.getValue()))
                .sorted(Comparator.comparingInt(ModelReport.OperatorCount::count).reversed().thenComparing(ModelReport.OperatorCount::op))
                .toList();
    }
}
