package dev.gpudoctor.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a model path holds, as far as gpu-doctor reads models. */
public enum ModelKind {
    ONNX("onnx", "ONNX model"),
    TF_SAVED_MODEL("tensorflow-saved-model", "TensorFlow SavedModel"),
    TF_GRAPH_DEF("tensorflow-graphdef", "TensorFlow frozen GraphDef");

    private final String id;
    private final String words;

    ModelKind(String id, String words) {
        this.id = id;
        this.words = words;
    }

    @JsonValue
    public String id() {
        return id;
    }

    public String words() {
        return words;
    }

    /** "an ONNX model", "a TensorFlow SavedModel". */
    public String withArticle() {
        return (words.startsWith("O") ? "an " : "a ") + words;
    }
}
