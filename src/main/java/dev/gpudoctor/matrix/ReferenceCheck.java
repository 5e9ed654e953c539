package dev.gpudoctor.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a JSON Schema cannot say about a matrix file: every {@code source:} (and {@code xxxSource:})
 * that is not a URL names a key of the file's {@code sources:}, and no fact is written twice.
 */
final class ReferenceCheck {

    static List<Problem> check(YamlDocument doc, Subject subject) {
        List<Problem> out = new ArrayList<>();
        sources(doc, doc.root(), "", doc.root().path("sources"), out);
        subject.uniqueBy().forEach((list, fields) -> duplicates(doc, list, fields, out));
        return out;
    }

    private static void sources(YamlDocument doc, JsonNode node, String pointer, JsonNode sources, List<Problem> out) {
        if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                sources(doc, node.get(i), pointer + "/" + i, sources, out);
            }
            return;
        }
        if (!node.isObject() || pointer.equals("/sources")) {
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = pointer + "/" + YamlDocument.escape(e.getKey());
            boolean isSource = e.getKey().equals("source") || e.getKey().endsWith("Source");
            if (isSource && e.getValue().isTextual()) {
                String v = e.getValue().asText();
                if (!v.matches("https?://\\S+") && !sources.has(v)) {
                    out.add(doc.problem(child, "'" + v + "' is neither a URL nor a key of sources:"));
                }
            } else {
                sources(doc, e.getValue(), child, sources, out);
            }
        }
    }

    private static void duplicates(YamlDocument doc, String list, List<String> fields, List<Problem> out) {
        JsonNode items = doc.root().path(list);
        // Checked after the schema, also on a file that failed it: a mapping where the list should
        // be is the schema's problem to report, and item i of a mapping is null (MatrixFuzzTest).
        if (!items.isArray()) {
            return;
        }
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            StringBuilder key = new StringBuilder();
            for (String f : fields) {
                key.append(items.get(i).path(f)).append('\u0000');
            }
            Integer earlier = first.putIfAbsent(key.toString(), i);
            if (earlier != null) {
                out.add(doc.problem("/" + list + "/" + i, "the same " + String.join(" + ", fields) + " as "
                        + list + "[" + earlier + "] (line " + doc.lineOf("/" + list + "/" + earlier)
                        + "): one fact, written twice"));
            }
        }
    }

    private ReferenceCheck() {
    }
}
