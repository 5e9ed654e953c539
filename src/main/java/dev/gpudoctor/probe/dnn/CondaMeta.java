package dev.gpudoctor.probe.dnn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpudoctor.fact.Fact;

/** One conda-meta/NAME-VERSION-BUILD.json record: {"name": "cudnn", "version": "8.9.2.26", "build": ...}. */
public final class CondaMeta {

    private static final ObjectMapper JSON = new ObjectMapper();

    public record CondaPackage(String name, String version, String build) {
    }

    private CondaMeta() {
    }

    public static Fact<CondaPackage> parse(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text == null ? "" : text);
        } catch (Exception e) {
            return Fact.failed("not JSON: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject() || !root.path("name").isTextual() || !root.path("version").isTextual()) {
            return Fact.failed("conda-meta record without name and version");
        }
        return Fact.found(new CondaPackage(root.get("name").asText(), root.get("version").asText(),
                root.path("build").asText(null)));
    }
}
