package dev.gpudoctor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.report.Json;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** The fixture hosts under src/test/resources/fixtures, and helpers to compare reports. */
public final class Fixtures {

    private Fixtures() {
    }

    /** A fixture bundle folder by name ("h200-torch-container"). */
    public static Path bundle(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name + "/bundle.yaml").toURI()).getParent();
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no fixture " + name, e);
        }
    }

    /** The report's facts as JSON without timings, which legitimately differ between two readings. */
    public static JsonNode factsWithoutTimings(Object facts) {
        JsonNode n = Json.mapper().valueToTree(facts);
        strip(n);
        return n;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove("elapsedMs");
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                strip(it.next().getValue());
            }
        } else if (n instanceof ArrayNode a) {
            a.forEach(Fixtures::strip);
        }
    }
}
