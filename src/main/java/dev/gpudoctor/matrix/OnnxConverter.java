package dev.gpudoctor.matrix;

import java.util.Optional;

/**
 * An exporter to ONNX whose command line gpu-doctor prints (tf2onnx), with the opsets its own
 * documentation states: the one it uses by default and the range it is tested with.
 */
public record OnnxConverter(String name, int defaultOpset, Optional<Integer> testedMin, Optional<Integer> testedMax,
        Citation citation) implements Cited {

    static OnnxConverter read(Node n) {
        Node tested = n.child("testedOpsets");
        boolean has = n.has("testedOpsets");
        return new OnnxConverter(n.text("name"), n.child("defaultOpset").asInt(),
                has ? Optional.of(tested.child("min").asInt()) : Optional.empty(),
                has ? Optional.of(tested.child("max").asInt()) : Optional.empty(), n.citation());
    }

    @Override
    public String describe() {
        return name + ": default opset " + defaultOpset
                + testedMax.map(max -> ", tested with opsets " + testedMin.orElse(max) + " to " + max).orElse("");
    }
}
