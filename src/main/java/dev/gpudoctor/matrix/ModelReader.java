package dev.gpudoctor.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Reads validated matrix files into the typed model; a value that still cannot be read is a located problem. */
final class ModelReader {

    private final Map<Subject, YamlDocument> docs;
    private final List<Problem> problems = new ArrayList<>();

    private ModelReader(Map<Subject, YamlDocument> docs) {
        this.docs = docs;
    }

    static Matrix read(String origin, YamlDocument index, Map<Subject, YamlDocument> docs) throws MatrixException {
        ModelReader r = new ModelReader(docs);
        Node top = Node.root(index);
        List<FileSummary> files = new ArrayList<>();
        Map<Subject, JsonNode> trees = new EnumMap<>(Subject.class);
        docs.forEach((s, d) -> {
            files.add(summary(s, d));
            trees.put(s, d.root());
        });
        MatrixInfo info = new MatrixInfo(origin, top.child("schemaVersion").asInt(), top.text("matrixVersion"),
                List.copyOf(files), Collections.unmodifiableMap(trees));
        Matrix m = new Matrix(info,
                r.list(Subject.CUDA_TOOLKIT, "entries", CudaToolkit::read),
                r.list(Subject.CUDA_TOOLKIT, "minorVersionCompatibility", MinorVersionCompat::read),
                r.list(Subject.CUDA_TOOLKIT, "architectures", ArchitectureChange::read),
                r.list(Subject.DRIVER_BRANCHES, "entries", DriverBranch::read),
                r.list(Subject.DRIVER_BRANCHES, "lastBranchPerArchitecture", LastBranch::read),
                new ForwardCompat(r.list(Subject.FORWARD_COMPAT, "supportedGpuClasses", ForwardCompat.GpuClass::read),
                        r.list(Subject.FORWARD_COMPAT, "entries", ForwardCompat.CompatPackage::read)),
                r.list(Subject.GPUS, "entries", GpuModel::read),
                r.list(Subject.CUDNN, "entries", CudnnRelease::read),
                r.list(Subject.TENSORRT, "entries", TensorrtRelease::read),
                r.list(Subject.PYTORCH, "entries", PytorchRelease::read),
                r.list(Subject.TENSORFLOW, "entries", TensorflowRelease::read),
                r.list(Subject.JAX, "entries", JaxFlavour::read),
                r.list(Subject.ONNXRUNTIME, "entries", OnnxRuntimeBuild::read),
                r.list(Subject.NGC, "entries", NgcImage::read),
                r.list(Subject.KNOWN_BAD, "entries", KnownBad::read),
                new InstallGuide(r.list(Subject.INSTALL, "entries", InstallGuide.Distro::read),
                        r.list(Subject.INSTALL, "repositories", InstallGuide.Repository::read),
                        r.list(Subject.INSTALL, "drivers", InstallGuide.DriverMethod::read),
                        r.list(Subject.INSTALL, "components", InstallGuide.Component::read),
                        r.list(Subject.INSTALL, "guides", InstallGuide.Guide::read)),
                r.list(Subject.TENSORRT_ONNX, "entries", TensorrtOnnxSupport::read),
                r.list(Subject.TENSORRT_ONNX, "converters", OnnxConverter::read));
        if (!r.problems.isEmpty()) {
            throw new MatrixException(r.problems);
        }
        return m;
    }

    /** Reads every item of one list; an item that cannot be read is recorded and skipped, so all are reported. */
    private <T> List<T> list(Subject subject, String name, Function<Node, T> reader) {
        List<T> out = new ArrayList<>();
        for (Node n : Node.root(docs.get(subject)).items(name)) {
            try {
                out.add(reader.apply(n));
            } catch (Node.BadField e) {
                problems.add(e.problem);
            }
        }
        return List.copyOf(out);
    }

    private static FileSummary summary(Subject s, YamlDocument d) {
        Map<String, Integer> sections = new LinkedHashMap<>();
        int unconfirmed = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = d.root().fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isArray()) {
                continue;
            }
            if (!e.getKey().equals("entries")) {
                sections.put(e.getKey(), e.getValue().size());
            }
            for (JsonNode item : e.getValue()) {
                if (item.path("confirmed").isBoolean() && !item.get("confirmed").asBoolean()) {
                    unconfirmed++;
                }
            }
        }
        return new FileSummary(d.file(), s, d.root().path("entries").size(), Collections.unmodifiableMap(sections),
                unconfirmed);
    }
}
