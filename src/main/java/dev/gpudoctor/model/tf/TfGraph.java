package dev.gpudoctor.model.tf;

import java.util.List;

/**
 * A TensorFlow GraphDef as the inspection needs it: each node's name, op and inputs, and for nodes
 * that carry them the dtype and shape attributes (a Placeholder's interface).
 *
 * @param functions the number of functions in the graph's library (TF2 graphs keep their body there)
 */
public record TfGraph(List<Node> nodes, int functions) {

    public TfGraph {
        nodes = List.copyOf(nodes);
    }

    /**
     * @param inputs "name", "name:N" (output N of node name) or "^name" (a control dependency), as NodeDef.input writes them
     * @param dtype  the "dtype" attribute (DataType number), or null
     * @param shape  the "shape" attribute, or null
     */
    public record Node(String name, String op, List<String> inputs, Integer dtype, Shape shape) {
        public Node {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * A TensorShapeProto: sizes (-1 unknown) with optional names, or an unknown rank.
     */
    public record Shape(List<Long> sizes, List<String> names, boolean unknownRank) {
        public Shape {
            sizes = List.copyOf(sizes);
            names = List.copyOf(names);
        }

        /** "[?,224,224,3]", "[]" for a scalar, "unknown rank". */
        @Override
        public String toString() {
            if (unknownRank) {
                return "unknown rank";
            }
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < sizes.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                String n = i < names.size() ? names.get(i) : "";
                b.append(sizes.get(i) < 0 ? (n.isEmpty() ? "?" : n) : Long.toString(sizes.get(i)));
            }
            return b.append(']').toString();
        }
    }
}
