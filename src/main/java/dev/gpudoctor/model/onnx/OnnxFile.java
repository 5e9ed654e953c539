package dev.gpudoctor.model.onnx;

import java.util.List;
import java.util.Map;

/**
 * An ONNX file as {@link OnnxReader} read it: the model, and what the model records leave out
 * because a reader of large files must not hold it: each weight's size (its bytes are kept only
 * when asked), the nodes inside subgraphs (If, Loop, Scan bodies) and model-local functions.
 *
 * @param weights        the initializers, in file order, with the bytes they take
 * @param subgraphNodes  nodes of subgraphs at any depth, each with the node it belongs to
 * @param functions      model-local functions: (domain, name) and their nodes
 * @param fileBytes      the file's length
 */
public record OnnxFile(OnnxModel model, List<Weight> weights, List<Nested> subgraphNodes, List<LocalFunction> functions,
                       long fileBytes) {

    public OnnxFile {
        weights = List.copyOf(weights);
        subgraphNodes = List.copyOf(subgraphNodes);
        functions = List.copyOf(functions);
    }

    /**
     * An initializer without its data.
     *
     * @param type          null for a TensorProto.DataType number this version does not know
     * @param storedBytes   bytes of data held in the model file (raw_data or the typed fields)
     * @param externalData  TensorProto.external_data (location, offset, length, checksum), empty when inline
     */
    public record Weight(String name, OnnxModel.ElementType type, List<Long> dims, long storedBytes,
                         Map<String, String> externalData) {
        public Weight {
            dims = List.copyOf(dims);
            externalData = Map.copyOf(externalData);
        }

        /** Elements by the dims, or -1 where a dim is negative or the product overflows. */
        public long elementCount() {
            long n = 1;
            for (long d : dims) {
                if (d < 0) {
                    return -1;
                }
                try {
                    n = Math.multiplyExact(n, d);
                } catch (ArithmeticException e) {
                    return -1;
                }
            }
            return n;
        }

        /** Bytes the dims and type call for, or -1 where the type has no fixed size (string, 4-bit) or dims are odd. */
        public long expectedBytes() {
            long n = elementCount();
            if (n < 0 || type == null || type.bytes == 0) {
                return -1;
            }
            try {
                return Math.multiplyExact(n, type.bytes);
            } catch (ArithmeticException e) {
                return -1;
            }
        }

        public boolean isExternal() {
            return !externalData.isEmpty();
        }
    }

    /** A node of a subgraph: the attribute path of the graph that holds it ("loop_body" of node "loop"). */
    public record Nested(String owner, OnnxModel.Node node) {
    }

    /** A FunctionProto: calls to (domain, name) run its nodes. */
    public record LocalFunction(String domain, String name, List<OnnxModel.Node> nodes) {
        public LocalFunction {
            domain = domain == null ? "" : domain;
            nodes = List.copyOf(nodes);
        }
    }
}
