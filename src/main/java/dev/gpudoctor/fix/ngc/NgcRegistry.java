package dev.gpudoctor.fix.ngc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.net.Https;
import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The tags nvcr.io has for an NGC image, read from its registry API (an anonymous pull token from
 * /proxy_auth, then /v2/nvidia/IMAGE/tags/list): only on request (--online), never when offline.
 * What it finds is not in the matrix, and is said so: a tag proves an image exists, not what
 * driver it needs.
 */
public final class NgcRegistry {

    public static final URI NVCR = URI.create("https://nvcr.io/");
    private static final Pattern IMAGE = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final long MAX_BYTES = 4L << 20;

    private final Https https;
    private final URI base;

    public NgcRegistry(Https https, URI base) {
        this.https = https;
        this.base = base.toString().endsWith("/") ? base : URI.create(base + "/");
    }

    /** The image's tags (e.g. "25.12-py3"); tags that are not plain names are dropped. */
    public List<String> tags(String image) throws Https.HttpsException {
        if (!IMAGE.matcher(image).matches()) {
            throw new Https.HttpsException("not an NGC image name: " + image);
        }
        String scope = URLEncoder.encode("repository:nvidia/" + image + ":pull", StandardCharsets.UTF_8);
        String token = json(https.get(base.resolve("proxy_auth?scope=" + scope), Map.of(), MAX_BYTES)).path("token").asText("");
        if (token.isEmpty()) {
            throw new Https.HttpsException(base + " gave no pull token for nvidia/" + image);
        }
        JsonNode list = json(https.get(base.resolve("v2/nvidia/" + image + "/tags/list"), Map.of("Authorization", "Bearer " + token),
                MAX_BYTES));
        List<String> tags = new ArrayList<>();
        list.path("tags").forEach(t -> {
            if (t.isTextual() && TAG.matcher(t.asText()).matches()) {
                tags.add(t.asText());
            }
        });
        return tags;
    }

    private JsonNode json(Https.Response r) throws Https.HttpsException {
        try {
            JsonNode n = Json.mapper().readTree(r.body());
            if (n == null || !n.isObject()) {
                throw new Https.HttpsException(base + " answered something that is not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new Https.HttpsException(base + " answered something that is not JSON");
        }
    }
}
