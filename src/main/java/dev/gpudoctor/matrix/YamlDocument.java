package dev.gpudoctor.matrix;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A YAML file read into a Jackson tree that remembers the line of every node. Jackson's tree model
 * drops locations, and every matrix error must name its line, so the tree is built here from the
 * parser's tokens, keyed by JSON Pointer ("/entries/3/source").
 */
final class YamlDocument {

    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final JsonNode root;
    private final Map<String, Integer> lines;
    private final Map<String, String> scalarTexts;

    private YamlDocument(String file, JsonNode root, Map<String, Integer> lines, Map<String, String> scalarTexts) {
        this.file = file;
        this.root = root;
        this.lines = lines;
        this.scalarTexts = scalarTexts;
    }

    /** Parses one YAML document; bad YAML, a repeated key or a second document is a located problem. */
    static YamlDocument parse(String file, String text) throws MatrixException {
        Map<String, Integer> lines = new HashMap<>();
        Map<String, String> texts = new HashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            if (p.nextToken() == null) {
                throw new MatrixException(new Problem(file, 0, "", "empty file"));
            }
            JsonNode root = read(file, p, "", lines, texts);
            if (p.nextToken() != null) {
                throw new MatrixException(new Problem(file, line(p.currentTokenLocation()), "",
                        "more than one YAML document; a matrix file holds exactly one"));
            }
            return new YamlDocument(file, root, lines, texts);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new MatrixException(new Problem(file, at == null ? 0 : line(at), "",
                    "not valid YAML: " + oneLine(e.getOriginalMessage())));
        } catch (IOException e) {
            throw new MatrixException(new Problem(file, 0, "", "cannot read: " + e.getMessage()));
        }
    }

    private static JsonNode read(String file, JsonParser p, String pointer, Map<String, Integer> lines,
            Map<String, String> texts) throws IOException, MatrixException {
        int line = line(p.currentTokenLocation());
        lines.putIfAbsent(pointer, line);
        JsonToken t = p.currentToken();
        switch (t) {
            case START_OBJECT: {
                ObjectNode o = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    int keyLine = line(p.currentTokenLocation());
                    String child = pointer + "/" + escape(name);
                    if (o.has(name)) {
                        // Jackson would silently keep the last value: a doubled key hides one fact.
                        throw new MatrixException(new Problem(file, keyLine, FieldPath.of(child),
                                "key given twice in the same mapping"));
                    }
                    // A field's line is its key's line, also where its value starts on the next line.
                    lines.put(child, keyLine);
                    p.nextToken();
                    o.set(name, read(file, p, child, lines, texts));
                }
                return o;
            }
            case START_ARRAY: {
                ArrayNode a = NODES.arrayNode();
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    a.add(read(file, p, pointer + "/" + i++, lines, texts));
                }
                return a;
            }
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // Kept as written: "12.10" must be reported as 12.10, not as the 12.1 it became.
                texts.put(pointer, p.getText());
                return t == JsonToken.VALUE_NUMBER_INT ? NODES.numberNode(p.getBigIntegerValue())
                        : NODES.numberNode(p.getDecimalValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return NODES.booleanNode(t == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return NODES.nullNode();
            default:
                throw new MatrixException(new Problem(file, line, FieldPath.of(pointer), "unexpected YAML token " + t));
        }
    }

    /**
     * SnakeYAML's messages span lines (context, snippet, caret, problem); a Problem is one line, so
     * only the unindented lines, which say what is wrong, are kept.
     */
    private static String oneLine(String message) {
        return message.lines().filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .map(String::strip).reduce((a, b) -> a + ": " + b).orElse(message.strip());
    }

    private static int line(JsonLocation at) {
        return Math.max(at.getLineNr(), 0);
    }

    static String escape(String name) {
        return name.replace("~", "~0").replace("/", "~1");
    }

    String file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** The line of the node at this pointer, or of its nearest parent that has one. */
    int lineOf(String pointer) {
        String p = pointer;
        while (true) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            if (p.isEmpty()) {
                return 0;
            }
            p = p.substring(0, p.lastIndexOf('/'));
        }
    }

    /** The number as written in the file, for messages about numbers that should have been strings. */
    String scalarText(String pointer) {
        return scalarTexts.get(pointer);
    }

    Problem problem(String pointer, String message) {
        return new Problem(file, lineOf(pointer), FieldPath.of(pointer), message);
    }
}
