package dev.gpudoctor.probe.cuda;

import dev.gpudoctor.fact.Fact;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The numeric {@code #define NAME 123} lines of a C header (cuda.h, cudnn_version.h,
 * NvInferVersion.h). Macros defined as other macros (TensorRT 10's
 * {@code NV_TENSORRT_MAJOR TRT_MAJOR_ENTERPRISE}) are followed one level.
 */
public record HeaderDefines(Map<String, String> defines) {

    private static final Pattern DEFINE = Pattern.compile("^[ \\t]*#[ \\t]*define[ \\t]+(\\w+)[ \\t]+([^\\s/]+)", Pattern.MULTILINE);

    public HeaderDefines {
        defines = Map.copyOf(defines);
    }

    public static HeaderDefines parse(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        if (text != null) {
            Matcher x = DEFINE.matcher(text);
            while (x.find()) {
                m.putIfAbsent(x.group(1), x.group(2));
            }
        }
        return new HeaderDefines(m);
    }

    /** The macro's value as a number, following a macro that names another. */
    public Optional<Integer> number(String name) {
        String v = defines.get(name);
        for (int hop = 0; v != null && hop < 3; hop++) {
            if (v.matches("\\d{1,9}")) {
                return Optional.of(Integer.parseInt(v));
            }
            v = defines.get(v);
        }
        return Optional.empty();
    }

    /** A macro's number, or a failed fact naming the macro that is missing. */
    public Fact<Integer> require(String name) {
        return number(name).map(Fact::found).orElseGet(() -> Fact.failed("no numeric #define " + name));
    }
}
