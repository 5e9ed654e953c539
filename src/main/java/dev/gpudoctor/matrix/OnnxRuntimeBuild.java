package dev.gpudoctor.matrix;

import java.util.List;
import java.util.Optional;

/**
 * A row of the ONNX Runtime CUDA execution provider requirements: which CUDA and cuDNN an
 * onnxruntime-gpu build needs. Versions are as the table writes them ("1.20.x", "12.x", "9.x").
 *
 * @param pypiDefault whether this build is the onnxruntime-gpu wheel on PyPI, where the table says
 */
public record OnnxRuntimeBuild(List<String> versions, String cuda, String cudnn, Optional<String> cudnnWindows,
        Optional<Boolean> pypiDefault, Citation citation) implements Cited {

    static OnnxRuntimeBuild read(Node n) {
        return new OnnxRuntimeBuild(n.texts("versions"), n.text("cuda"), n.text("cudnn"), n.optText("cudnnWindows"),
                n.optFlag("pypiDefault"), n.citation());
    }

    @Override
    public String describe() {
        return "onnxruntime-gpu " + String.join(", ", versions) + ": CUDA " + cuda + ", cuDNN " + cudnn
                + cudnnWindows.map(w -> " (Windows " + w + ")").orElse("")
                + pypiDefault.map(d -> d ? ", on PyPI" : ", not on PyPI").orElse("");
    }
}
