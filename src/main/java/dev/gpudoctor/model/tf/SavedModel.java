package dev.gpudoctor.model.tf;

import java.util.List;

/**
 * A SavedModel's saved_model.pb: its meta graphs, each with its tags, the TensorFlow version that
 * wrote it, its graph and its signatures.
 */
public record SavedModel(long schemaVersion, List<MetaGraph> metaGraphs) {

    public SavedModel {
        metaGraphs = List.copyOf(metaGraphs);
    }

    public record MetaGraph(List<String> tags, String tensorflowVersion, TfGraph graph, List<Signature> signatures) {
        public MetaGraph {
            tags = List.copyOf(tags);
            signatures = List.copyOf(signatures);
        }
    }

    /** A SignatureDef under its key ("serving_default"): named inputs and outputs, each a tensor of the graph. */
    public record Signature(String key, String methodName, List<TensorSpec> inputs, List<TensorSpec> outputs) {
        public Signature {
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * A TensorInfo under its key: the graph tensor ("serving_default_x:0"), or null for a sparse or
     * composite tensor, which has no single name.
     */
    public record TensorSpec(String key, String tensorName, Integer dtype, TfGraph.Shape shape) {
    }
}
