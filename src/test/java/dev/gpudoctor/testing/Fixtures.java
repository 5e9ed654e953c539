package dev.gpudoctor.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.report.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/** The fixture hosts under src/test/resources/fixtures, and helpers to compare reports. */
public final class Fixtures {

    private Fixtures() {
    }

    /**
     * A fixture bundle folder by name ("h200-torch-container"), read from the source tree: fixtures
     * hold symbolic links, which the build's resource copy would turn into copies.
     */
    public static Path bundle(String name) {
        Path p = Path.of(System.getProperty("basedir", "."), "src/test/resources/fixtures", name);
        if (!Files.isRegularFile(p.resolve("bundle.yaml"))) {
            throw new IllegalArgumentException("no fixture " + name + " at " + p.toAbsolutePath());
        }
        return p;
    }

    /** The report's facts as JSON without timings, which legitimately differ between two readings. */
    public static JsonNode factsWithoutTimings(Object facts) {
        // Through text, so that numbers compare by value whether they came from objects or from a file.
        JsonNode n;
        try {
            n = Json.mapper().readTree(Json.write(facts));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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

    /** A copy of a fixture bundle (or any folder), links copied as links, for tests that change one file. */
    public static Path copy(Path from, Path to) {
        try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.LinkOption.NOFOLLOW_LINKS,
                            java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return to;
    }
}
