package dev.gpudoctor.probe.cuda;

import dev.gpudoctor.fact.Excerpt;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The toolkit's own version files: version.json (CUDA 11.1 to 12.x; CUDA 13 ships none) and
 * version.txt (CUDA 10.2 and older).
 */
public final class CudaVersionFiles {

    private static final ObjectMapper JSON = new ObjectMapper();
    // At most 16 components: an unbounded regex repetition recurses once per component.
    private static final Pattern TXT = Pattern.compile("CUDA Version\\s+(\\d+(?:\\.\\d+){1,15})");

    /** version.json keys and what each is the version of. */
    private static final Map<String, String> KEYS = Map.of("cuda", "toolkit", "cuda_cudart", "cudart", "cuda_nvcc", "nvcc");

    private CudaVersionFiles() {
    }

    /** version.json: {"cuda": {"name": "CUDA SDK", "version": "12.4.1"}, "cuda_cudart": {...}, ...}. */
    public static Fact<Map<String, Version>> parseJson(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text == null ? "" : text);
        } catch (Exception e) {
            return Fact.failed("not JSON: " + e.getClass().getSimpleName());
        }
        if (root == null || !root.isObject()) {
            return Fact.failed("version.json is not a JSON object");
        }
        Map<String, Version> out = new LinkedHashMap<>();
        for (String key : new String[] {"cuda", "cuda_cudart", "cuda_nvcc"}) {
            Version.parse(root.path(key).path("version").asText(null)).ifPresent(v -> out.put(KEYS.get(key), v));
        }
        if (!out.containsKey("toolkit")) {
            return Fact.failed("version.json has no cuda.version");
        }
        return Fact.found(out);
    }

    /** version.txt: "CUDA Version 10.2.89". */
    public static Fact<Version> parseTxt(String text) {
        Matcher m = TXT.matcher(text == null ? "" : text);
        if (!m.find()) {
            return Fact.failed("no \"CUDA Version X.Y\" line");
        }
        // Version.of threw on a component of 16 digits or more ("CUDA Version 18446744073709551616.2").
        return Version.parse(m.group(1)).map(Fact::found)
                .orElseGet(() -> Fact.failed("not a version: " + Excerpt.of(m.group(1), 40)));
    }
}
