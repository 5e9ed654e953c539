package dev.gpudoctor.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.VersionConstraint;
import dev.gpudoctor.probe.python.DistInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A node of a matrix file being read into the model, with its place in the file so that a value
 * that cannot be read becomes a located problem. The schema has checked shapes already; what is
 * left here is turning strings into versions and branch numbers.
 */
final class Node {

    /** A value that cannot be read; the loader turns it into a MatrixException. */
    static final class BadField extends RuntimeException {
        final transient Problem problem;

        BadField(Problem problem) {
            super(problem.toString(), null, false, false);
            this.problem = problem;
        }
    }

    private final YamlDocument doc;
    private final String pointer;
    private final JsonNode json;

    Node(YamlDocument doc, String pointer, JsonNode json) {
        this.doc = doc;
        this.pointer = pointer;
        this.json = json;
    }

    static Node root(YamlDocument doc) {
        return new Node(doc, "", doc.root());
    }

    Node child(String name) {
        return new Node(doc, pointer + "/" + YamlDocument.escape(name), json.path(name));
    }

    boolean has(String name) {
        JsonNode v = json.get(name);
        return v != null && !v.isNull();
    }

    List<Node> items(String name) {
        Node list = child(name);
        List<Node> out = new ArrayList<>();
        for (int i = 0; i < list.json.size() && list.json.isArray(); i++) {
            out.add(new Node(doc, list.pointer + "/" + i, list.json.get(i)));
        }
        return out;
    }

    String text(String name) {
        return optText(name).orElseThrow(() -> bad(name, "missing"));
    }

    Optional<String> optText(String name) {
        Node c = child(name);
        if (!has(name)) {
            return Optional.empty();
        }
        if (!c.json.isTextual()) {
            throw c.bad("a string is required here");
        }
        return Optional.of(c.json.asText());
    }

    int asInt() {
        return json.asInt();
    }

    /** This node's own string (an item of a list of strings). */
    String value() {
        if (!json.isTextual()) {
            throw bad("a string is required here");
        }
        return json.asText();
    }

    /** This node's own list of strings (an item of a list of lists, like one argv of install.yaml's steps). */
    List<String> ownTexts() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < json.size() && json.isArray(); i++) {
            out.add(new Node(doc, pointer + "/" + i, json.get(i)).value());
        }
        return List.copyOf(out);
    }

    List<String> texts(String name) {
        return list(name, n -> n.json.asText());
    }

    Version version(String name) {
        return optVersion(name).orElseThrow(() -> bad(name, "missing"));
    }

    Optional<Version> optVersion(String name) {
        return optText(name).map(s -> Version.parse(s).orElseThrow(() -> child(name).notVersion(s)));
    }

    List<Version> versions(String name) {
        return list(name, n -> Version.parse(n.json.asText()).orElseThrow(() -> n.notVersion(n.json.asText())));
    }

    /** A version constraint in the grammar of --require clauses (">=2.9", ">=0.4.30,<0.6.0"). */
    Optional<VersionConstraint> optConstraint(String name) {
        return optText(name).map(s -> VersionConstraint.parse(s).orElseThrow(() -> child(name).notConstraint(s)));
    }

    /**
     * A map of installed distributions to constraints on their release. Only the distributions the
     * Python probe keeps can ever be matched, so another name is refused instead of never holding.
     */
    Map<String, VersionConstraint> constraints(String name) {
        Map<String, VersionConstraint> out = new LinkedHashMap<>();
        Node map = child(name);
        map.json.fieldNames().forEachRemaining(dist -> {
            Node c = map.child(dist);
            if (!dist.equals(DistInfo.normalize(dist)) || !DistInfo.isGpuRelevant(dist)) {
                throw c.bad("'" + dist + "' is not a distribution gpu-doctor reads: it keeps the versions of"
                        + " GPU-relevant ones only (torch, tensorflow, jax, jaxlib, jax-cudaN-plugin, onnxruntime-gpu,"
                        + " nvidia-*, ...), by PEP 503 name");
            }
            String s = c.value();
            out.put(dist, VersionConstraint.parse(s).orElseThrow(() -> c.notConstraint(s)));
        });
        return java.util.Collections.unmodifiableMap(out);
    }

    /** A driver branch or SM number written as a string of digits ("535", "75"). */
    int number(String name) {
        return optNumber(name).orElseThrow(() -> bad(name, "missing"));
    }

    Optional<Integer> optNumber(String name) {
        return optText(name).map(s -> toNumber(child(name), s));
    }

    List<Integer> numbers(String name) {
        return list(name, n -> toNumber(n, n.json.asText()));
    }

    boolean flag(String name, boolean absent) {
        return has(name) ? json.get(name).asBoolean() : absent;
    }

    Optional<Boolean> optFlag(String name) {
        return has(name) ? Optional.of(json.get(name).asBoolean()) : Optional.empty();
    }

    Map<String, String> textMap(String name) {
        Map<String, String> out = new LinkedHashMap<>();
        child(name).json.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** Where this node's facts come from: its source (a URL or a key of the file's sources) and confirmation. */
    Citation citation() {
        String source = text("source");
        JsonNode sources = doc.root().path("sources");
        String url = sources.path(source).isTextual() ? sources.get(source).asText() : source;
        return new Citation(doc.file(), line(), FieldPath.of(pointer), source, url, flag("confirmed", true),
                optText("note").map(String::strip));
    }

    int line() {
        return doc.lineOf(pointer);
    }

    BadField bad(String name, String message) {
        return child(name).bad(message);
    }

    BadField bad(String message) {
        return new BadField(doc.problem(pointer, message));
    }

    private <T> List<T> list(String name, Function<Node, T> each) {
        List<T> out = new ArrayList<>();
        for (Node n : items(name)) {
            out.add(each.apply(n));
        }
        return List.copyOf(out);
    }

    private BadField notVersion(String s) {
        return bad("'" + s + "' is not a dotted version (digits and dots, like \"12.4\" or \"550.54.15\")");
    }

    private BadField notConstraint(String s) {
        return bad(notConstraintMessage(s));
    }

    /** Worded once for the model reader and the schema check. */
    static String notConstraintMessage(String s) {
        return "'" + s + "' is not a version constraint (OP VERSION, several joined by commas, like \">=2.9\" or"
                + " \">=0.4.30,<0.6.0\"; OP one of >=, <=, ==, !=, >, <)";
    }

    private static int toNumber(Node n, String s) {
        if (!s.matches("\\d{1,9}")) {
            throw n.bad("'" + s + "' is not a number written as a string (like \"535\")");
        }
        return Integer.parseInt(s);
    }
}
