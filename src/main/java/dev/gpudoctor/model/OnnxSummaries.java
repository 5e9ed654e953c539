package dev.gpudoctor.model;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.model.onnx.OnnxFile;
import dev.gpudoctor.model.onnx.OnnxModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** An ONNX file summed up for people: interface, opsets, operators, weights, external data checked on disk. */
public final class OnnxSummaries {

    static final String AREA = "Model";
    static final String DEFAULT_DOMAIN = "ai.onnx";
    static final String EXTERNAL_DATA_DOC = "https://onnx.ai/onnx/repo-docs/ExternalData.html";

    static final String EXTERNAL_MISSING = "model.external-data-missing";
    static final String EXTERNAL_SHORT = "model.external-data-short";
    static final String EXTERNAL_OUTSIDE = "model.external-data-outside-folder";
    static final String WEIGHT_SIZE = "model.weight-size-mismatch";

    /** The summary and what is wrong with the file's weights. */
    public record Summary(ModelReport.Onnx onnx, List<Finding> findings) {
    }

    private OnnxSummaries() {
    }

    /** The default domain's name in reports: onnx.proto writes it "" and calls it "ai.onnx". */
    public static String domain(String d) {
        return d == null || d.isEmpty() ? DEFAULT_DOMAIN : d;
    }

    /** The model's opset of the default domain, or -1 where it imports none. */
    public static long defaultOpset(OnnxModel model) {
        return model.opsets().stream().filter(o -> domain(o.domain()).equals(DEFAULT_DOMAIN))
                .mapToLong(OnnxModel.Opset::version).max().orElse(-1);
    }

    public static Summary summarize(OnnxFile file, Path modelFile) {
        OnnxModel m = file.model();
        List<Finding> findings = new ArrayList<>();
        Set<String> initializerNames = new HashSet<>();
        file.weights().forEach(w -> initializerNames.add(w.name()));
        List<ModelReport.Value> inputs = new ArrayList<>();
        int initializerInputs = 0;
        for (OnnxModel.ValueInfo v : m.graph().inputs()) {
            if (initializerNames.contains(v.name())) {
                initializerInputs++;
            } else {
                inputs.add(value(v));
            }
        }
        List<ModelReport.Value> outputs = m.graph().outputs().stream().map(OnnxSummaries::value).toList();
        List<ModelReport.OperatorCount> operators = operators(allNodes(file));
        List<String> functions = file.functions().stream().map(f -> domain(f.domain()) + "::" + ProtoInput.shown(f.name())).toList();
        ModelReport.Weights weights = weights(file, modelFile, findings);
        ModelReport.Onnx onnx = new ModelReport.Onnx(m.irVersion(), shown(m.producer()), shown(m.producerVersion()),
                m.opsets().stream().map(o -> new ModelReport.Opset(domain(o.domain()), o.version())).toList(), inputs, outputs,
                initializerInputs, m.graph().nodes().size(), file.subgraphNodes().size(), operators, functions, weights);
        return new Summary(onnx, findings);
    }

    /** The main graph's nodes and those of its subgraphs: TensorRT imports both. */
    public static List<OnnxModel.Node> allNodes(OnnxFile file) {
        List<OnnxModel.Node> all = new ArrayList<>(file.model().graph().nodes());
        file.subgraphNodes().forEach(n -> all.add(n.node()));
        return all;
    }

    static List<ModelReport.OperatorCount> operators(List<OnnxModel.Node> nodes) {
        Map<String, int[]> counts = new LinkedHashMap<>();
        Map<String, String[]> names = new LinkedHashMap<>();
        for (OnnxModel.Node n : nodes) {
            String d = domain(n.domain());
            String key = d + "::" + n.opType();
            counts.computeIfAbsent(key, k -> new int[1])[0]++;
            names.putIfAbsent(key, new String[] {d, n.opType()});
        }
        return counts.entrySet().stream()
                .map(e -> new ModelReport.OperatorCount(names.get(e.getKey())[0], ProtoInput.shown(names.get(e.getKey())[1]),
                        e.getValue()[0]))
                .sorted(Comparator.comparingInt(ModelReport.OperatorCount::count).reversed()
                        .thenComparing(ModelReport.OperatorCount::qualified))
                .toList();
    }

    static ModelReport.Value value(OnnxModel.ValueInfo v) {
        String type = v.type() == null ? null : v.type() == OnnxModel.ElementType.UNDEFINED ? "undefined" : v.type().onnxName();
        List<String> shape = v.shape() == null ? null : v.shape().stream().map(d -> ProtoInput.shown(d.toString())).toList();
        return new ModelReport.Value(null, ProtoInput.shown(v.name()), type, shape);
    }

    private static String shown(String s) {
        return s == null || s.isEmpty() ? null : ProtoInput.shown(s);
    }

    /** Sizes of the weights, and each external data file checked beside the model. */
    private static ModelReport.Weights weights(OnnxFile file, Path modelFile, List<Finding> findings) {
        long inline = 0;
        long external = 0;
        Map<String, long[]> files = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        List<String> wrongSize = new ArrayList<>();
        for (OnnxFile.Weight w : file.weights()) {
            if (w.isExternal()) {
                String location = w.externalData().getOrDefault("location", "");
                long offset = number(w.externalData().get("offset"), 0);
                long length = w.externalData().containsKey("length") ? number(w.externalData().get("length"), -1)
                        : w.expectedBytes();
                if (offset < 0 || (w.externalData().containsKey("length") && length < 0)) {
                    problems.putIfAbsent(location, "tensor " + ProtoInput.shown(w.name()) + " has an offset or length that is not a"
                            + " number (" + ProtoInput.shown(w.externalData().get("offset")) + ", "
                            + ProtoInput.shown(w.externalData().get("length")) + ")");
                    length = Math.max(0, length);
                    offset = Math.max(0, offset);
                }
                external += Math.max(0, length);
                long[] f = files.computeIfAbsent(location, k -> new long[2]);
                f[0]++;
                f[1] = Math.max(f[1], saturatedAdd(offset, Math.max(0, length)));
            } else {
                inline += w.storedBytes();
                long expected = w.expectedBytes();
                if (expected >= 0 && w.storedBytes() != expected) {
                    wrongSize.add(ProtoInput.shown(w.name()) + " (" + w.type().onnxName() + " " + w.dims() + ": " + expected
                            + " bytes expected, " + w.storedBytes() + " stored)");
                }
            }
        }
        Path folder = modelFile.toAbsolutePath().getParent();
        List<ModelReport.ExternalFile> external_ = new ArrayList<>();
        for (Map.Entry<String, long[]> e : files.entrySet()) {
            String location = e.getKey();
            long needed = e.getValue()[1];
            int tensors = (int) e.getValue()[0];
            String problem = problems.get(location);
            Long onDisk = null;
            Path p = null;
            if (location.isEmpty()) {
                problem = "external data without a location";
            } else if (location.indexOf('\0') >= 0) {
                // No file system names a file with a NUL: the location is damaged, not merely missing.
                problem = "a location with a NUL character, which names no file";
            } else {
                Path resolved = folder.resolve(location).normalize();
                Path given = modelFile.getParent();
                // Shown as the model was named (relative stays relative); checked as an absolute path.
                p = (given == null ? Path.of(location) : given.resolve(location)).normalize();
                if (Path.of(location).isAbsolute() || !resolved.startsWith(folder.normalize())) {
                    findings.add(new Finding(EXTERNAL_OUTSIDE, Severity.WARNING, AREA,
                            "External data " + ProtoInput.shown(location) + " is outside the model's folder",
                            "ONNX external data locations are relative to the model file's folder; this one leaves it, so the"
                                    + " model only loads where that path happens to exist.",
                            List.of("location " + ProtoInput.shown(location) + " (" + tensors + " tensors) [" + modelFile + "]"),
                            List.of(Fix.advice("Keep the data file beside the model and save the model with a relative location.",
                                    EXTERNAL_DATA_DOC))));
                }
                try {
                    if (Files.isRegularFile(resolved)) {
                        onDisk = Files.size(resolved);
                    }
                } catch (IOException ex) {
                    onDisk = null;
                }
                if (onDisk == null && problem == null) {
                    problem = "missing";
                } else if (onDisk != null && onDisk < needed && problem == null) {
                    problem = "holds " + onDisk + " bytes where the tensors need " + needed;
                }
            }
            external_.add(new ModelReport.ExternalFile(ProtoInput.shown(location), tensors, needed, onDisk, problem));
            if (problem != null) {
                boolean missing = onDisk == null;
                findings.add(new Finding(missing ? EXTERNAL_MISSING : EXTERNAL_SHORT, Severity.ERROR, AREA,
                        "External data " + (location.isEmpty() ? "(no location)" : ProtoInput.shown(location)) + " of "
                                + ProtoInput.shown(modelFile.getFileName().toString()) + (missing ? " is missing" : " is too short"),
                        missing ? "The model keeps " + tensors + " tensors in a separate file that is not beside it: loading"
                                + " the model (onnxruntime, TensorRT's parser) fails."
                                : "The data file ends before the last tensor's offset + length: it was cut short when copied,"
                                + " or belongs to another export.",
                        List.of("external data " + ProtoInput.shown(location) + ": " + problem + (p == null ? "" : " [" + p + "]")),
                        List.of(Fix.advice("Copy the data file that was saved with the model next to "
                                + ProtoInput.shown(modelFile.getFileName().toString()) + ", under the name it records.",
                                EXTERNAL_DATA_DOC))));
            }
        }
        if (!wrongSize.isEmpty()) {
            findings.add(new Finding(WEIGHT_SIZE, Severity.ERROR, AREA,
                    wrongSize.size() + " weight(s) hold another number of bytes than their shape needs",
                    "A weight's data does not match its dims and type: the file is damaged or was written by a broken"
                            + " exporter, and will not load.",
                    wrongSize.stream().limit(10).toList(),
                    List.of(Fix.advice("Export the model again.", "https://onnx.ai/onnx/api/checker.html"))));
        }
        return new ModelReport.Weights(file.weights().size(), saturatedAdd(inline, external), inline, external, external_);
    }

    private static long number(String s, long fallback) {
        if (s == null) {
            return fallback;
        }
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
