package dev.gpudoctor.probe.python;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.PythonFacts.OnnxruntimeBuild;
import dev.gpudoctor.fact.section.PythonFacts.TensorflowBuild;
import dev.gpudoctor.fact.section.PythonFacts.TorchBuild;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The build facts that frameworks write into small Python files at build time, read as text:
 * importing them would need the interpreter and would load CUDA.
 */
public final class FrameworkBuilds {

    /**
     * One line: {@code name = 'value'}, {@code name: Optional[str] = 'value'}, {@code name = None},
     * {@code name = True}. Matched line by line: over the whole text, with lines ended by a lone CR
     * the annotation's {@code [^=\n]*} ran across every line from every line start, quadratic time
     * (a 1 MB version.py did not finish, PythonParsersFuzzTest).
     */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(\\w+)\\h*(?::[^=]*)?=\\h*(?:'([^']*)'|\"([^\"]*)\"|(None|True|False))\\h*(?:#.*)?");

    private FrameworkBuilds() {
    }

    /** torch/version.py: {@code __version__ = '2.11.0+cu130'}, {@code cuda: Optional[str] = '13.0'} or None. */
    public static Fact<TorchBuild> torch(String text) {
        Map<String, String> a = assignments(text);
        String version = a.get("__version__");
        if (version == null) {
            return Fact.failed("no __version__ in torch/version.py");
        }
        String cuda = a.get("cuda");
        Version cudaVersion = cuda == null ? null : Version.parse(cuda).orElse(null);
        if (cuda != null && cudaVersion == null) {
            return Fact.failed("torch/version.py cuda is not a version: " + Excerpt.of(cuda, 40));
        }
        return Fact.found(new TorchBuild(version, cudaVersion, a.get("git_version"), a.get("hip")));
    }

    /**
     * tensorflow/python/platform/build_info.py. TensorFlow's gen_build_info.py writes sorted pairs,
     * {@code build_info = collections.OrderedDict([('cuda_version', '12.2'), ('cudnn_version', '8'),
     * ('is_cuda_build', True), ...])}; the dict spelling {@code {'cuda_version': '12.2', ...}} is read too.
     */
    public static Fact<TensorflowBuild> tensorflow(String text, String version) {
        if (text == null || !text.contains("build_info")) {
            return Fact.failed("no build_info in tensorflow build_info.py");
        }
        Boolean cudaBuild = dictBoolean(text, "is_cuda_build");
        return Fact.found(new TensorflowBuild(version, cudaBuild, dictString(text, "cuda_version"),
                dictString(text, "cudnn_version")));
    }

    /** onnxruntime/capi/version_info.py: {@code use_cuda = True}, {@code cuda_version = "12.2"}, {@code cudnn_version = "9"}. */
    public static Fact<OnnxruntimeBuild> onnxruntime(String text, String version) {
        Map<String, String> a = assignments(text);
        if (a.isEmpty()) {
            return Fact.failed("no assignment in onnxruntime version_info.py");
        }
        return Fact.found(new OnnxruntimeBuild(version, blankToNull(a.get("cuda_version")),
                blankToNull(a.get("cudnn_version"))));
    }

    /** Top-level assignments of string, None or boolean values; None is left out. */
    static Map<String, String> assignments(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : (text == null ? "" : text).split("\\R")) {
            Matcher m = ASSIGNMENT.matcher(line);
            if (!m.matches()) {
                continue;
            }
            String v = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            if (!"None".equals(v)) {
                out.putIfAbsent(m.group(1), v);
            }
        }
        return out;
    }

    /** A key and its value, as a dict entry ('key': value) or as a pair ('key', value). */
    private static Matcher entry(String text, String key, String value) {
        return Pattern.compile("['\"]" + key + "['\"]\\s*[:,]\\s*" + value).matcher(text);
    }

    private static String dictString(String text, String key) {
        Matcher m = entry(text, key, "['\"]([^'\"]*)['\"]");
        return m.find() ? blankToNull(m.group(1)) : null;
    }

    private static Boolean dictBoolean(String text, String key) {
        Matcher m = entry(text, key, "(True|False)");
        return m.find() ? Boolean.valueOf(m.group(1).equals("True")) : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
