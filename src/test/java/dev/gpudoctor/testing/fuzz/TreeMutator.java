package dev.gpudoctor.testing.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile variants of real JSON or YAML documents that are still well formed, so that they get
 * past the parser to the schema, the model and the rules: a value made null, of the wrong type,
 * huge, or a version of 17 components; a field deleted or renamed; an element repeated; values
 * swapped between places; a value wrapped in deep nesting; long lists cut short. A quarter of
 * the inputs are byte-mutated on top, and a quarter instead.
 */
public final class TreeMutator implements Fuzz.Generator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper format;
    private final List<JsonNode> trees = new ArrayList<>();
    private final Mutator bytes;

    /** @param format the mapper that reads and writes the documents (JSON or YAML) */
    public TreeMutator(ObjectMapper format, List<byte[]> seeds) {
        this.format = format;
        for (byte[] s : seeds) {
            try {
                trees.add(format.readTree(s));
            } catch (IOException e) {
                throw new UncheckedIOException("a seed that is not a document", e);
            }
        }
        this.bytes = new Mutator(seeds);
    }

    @Override
    public byte[] next(Random r) {
        if (r.nextInt(4) == 0) {
            return bytes.next(r);
        }
        JsonNode seed = trees.get(r.nextInt(trees.size()));
        // Mostly a shorter document of the same shape: every long list cut to its first few items.
        // Cheaper to write and to check, and the checks still meet every kind of entry.
        JsonNode tree = r.nextInt(4) == 0 ? seed.deepCopy() : cropped(seed, 1 + r.nextInt(6));
        for (int i = r.nextInt(3) == 0 ? 2 + r.nextInt(6) : 1; i > 0; i--) {
            tree = mutate(tree, r);
        }
        byte[] out;
        try {
            out = format.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            // Nested past the writer's own bound (1000): deeper nesting comes from the byte mutations.
            return bytes.next(r);
        }
        if (out.length > Mutator.MAX_BYTES) {
            return bytes.next(r);
        }
        return r.nextInt(4) == 0 ? bytes.mutate(out, r) : out;
    }

    /** A copy with every list cut to its first {@code keep} items. */
    private static JsonNode cropped(JsonNode n, int keep) {
        if (n instanceof ArrayNode a) {
            ArrayNode c = NODES.arrayNode();
            for (int i = 0; i < Math.min(keep, a.size()); i++) {
                c.add(cropped(a.get(i), keep));
            }
            return c;
        }
        if (n instanceof ObjectNode o) {
            ObjectNode c = NODES.objectNode();
            o.fields().forEachRemaining(e -> c.set(e.getKey(), cropped(e.getValue(), keep)));
            return c;
        }
        return n.deepCopy();
    }

    /** One place in the tree: the root, a field of an object or an element of an array. */
    private record Slot(JsonNode parent, String field, int index, JsonNode value) {
    }

    private JsonNode mutate(JsonNode root, Random r) {
        List<Slot> slots = new ArrayList<>();
        slots.add(new Slot(null, null, -1, root));
        collect(root, slots);
        Slot s = slots.get(r.nextInt(slots.size()));
        switch (r.nextInt(9)) {
            case 0:
                return set(root, s, NODES.nullNode());
            case 1:
                return set(root, s, scalar(r));
            case 2: // the wrong kind of container
                return set(root, s, r.nextBoolean() ? NODES.objectNode() : NODES.arrayNode().add(s.value().deepCopy()));
            case 3: // delete
                if (s.parent() instanceof ObjectNode o) {
                    o.remove(s.field());
                } else if (s.parent() instanceof ArrayNode a) {
                    a.remove(s.index());
                }
                return root;
            case 4: // rename a field
                if (s.parent() instanceof ObjectNode o) {
                    o.remove(s.field());
                    String[] names = {"", "~", "/", "a/b~1", " ", "\u0000", "x".repeat(1000), s.field() + s.field(),
                        "entries", "version", "status", "value", "why"};
                    o.set(names[r.nextInt(names.length)], s.value());
                }
                return root;
            case 5: // repeat an element
                if (s.parent() instanceof ArrayNode a) {
                    for (int i = r.nextInt(4) == 0 ? 100 + r.nextInt(400) : 1 + r.nextInt(3); i > 0; i--) {
                        a.add(s.value().deepCopy());
                    }
                }
                return root;
            case 6: { // a value from elsewhere in the document: right shape, wrong place
                Slot other = slots.get(r.nextInt(slots.size()));
                return other.value() == root ? root : set(root, s, other.value().deepCopy());
            }
            case 7: { // deep nesting
                JsonNode v = s.value().deepCopy();
                for (int i = r.nextInt(4) == 0 ? 200 + r.nextInt(700) : 2 + r.nextInt(50); i > 0; i--) {
                    v = r.nextBoolean() ? NODES.arrayNode().add(v) : NODES.objectNode().set("a", v);
                }
                return set(root, s, v);
            }
            default:
                return set(root, s, r.nextBoolean() ? NODES.textNode("") : NODES.textNode(s.value().asText() + s.value().asText()));
        }
    }

    private static JsonNode scalar(Random r) {
        return switch (r.nextInt(14)) {
            case 0 -> NODES.numberNode(new BigInteger("99999999999999999999999999999999999999"));
            case 1 -> NODES.numberNode(-1);
            case 2 -> NODES.numberNode(Long.MIN_VALUE);
            case 3 -> NODES.numberNode(new BigDecimal("1e400"));
            case 4 -> NODES.numberNode(0.5);
            case 5 -> NODES.booleanNode(r.nextBoolean());
            case 6 -> NODES.textNode("");
            case 7 -> NODES.textNode("x".repeat(r.nextInt(4) == 0 ? 20_000 : 300));
            case 8 -> NODES.textNode("1.2.3.4.5.6.7.8.9.10.11.12.13.14.15.16.17");
            case 9 -> NODES.textNode("99999999999999999999.1");
            case 10 -> NODES.textNode("\u0000\u001b[31m\u009b2J\n\r");
            case 11 -> NODES.textNode("N/A");
            case 12 -> NODES.textNode(">=999999999999999999999");
            default -> NODES.textNode("found");
        };
    }

    private static JsonNode set(JsonNode root, Slot s, JsonNode v) {
        if (s.parent() == null) {
            return v;
        }
        if (s.parent() instanceof ObjectNode o) {
            o.set(s.field(), v);
        } else if (s.parent() instanceof ArrayNode a) {
            a.set(s.index(), v);
        }
        return root;
    }

    private static void collect(JsonNode n, List<Slot> out) {
        if (n instanceof ObjectNode o) {
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(new Slot(o, e.getKey(), -1, e.getValue()));
                collect(e.getValue(), out);
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                out.add(new Slot(a, null, i, a.get(i)));
                collect(a.get(i), out);
            }
        }
    }
}
