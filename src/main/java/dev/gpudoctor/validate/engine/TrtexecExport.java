package dev.gpudoctor.validate.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The file trtexec's {@code --exportOutput=FILE} writes: for each output tensor its name, its
 * dimensions ("4x10") and its values. The format is exportJSONOutput of NVIDIA/TensorRT
 * samples/common/sampleInference.cpp:
 * <pre>
 * [
 *   { "name" : "output"
 *   , "dimensions" : "4x10"
 *   , "values" : [ 0.1, -0.2, ... ]
 *   }
 * ]
 * </pre>
 * Values are written with C++ stream defaults (six significant digits), so a NaN or an infinity comes
 * out as {@code nan} or {@code inf}, which is not JSON: this reader is a small one of its own rather
 * than a JSON parser, and counts those as not finite instead of failing.
 */
public final class TrtexecExport {

    /** One output tensor. */
    public record Tensor(String name, List<Long> dimensions, float[] values) {
        public Tensor {
            dimensions = List.copyOf(dimensions);
        }
    }

    /** The tensors, or why the file could not be read as trtexec's output export. */
    public record Read(List<Tensor> tensors, String problem) {
        public Tensor tensor(String name) {
            return tensors == null ? null : tensors.stream().filter(t -> t.name().equals(name)).findFirst().orElse(null);
        }
    }

    private static final Pattern BINDING = Pattern.compile(
            "\"name\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,\\s*\"dimensions\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"values\"\\s*:\\s*\\[([^\\]]*)\\]");

    private TrtexecExport() {
    }

    public static Read parse(String text) {
        if (text == null || text.isBlank()) {
            return new Read(null, "the output file is empty");
        }
        List<Tensor> out = new ArrayList<>();
        Matcher m = BINDING.matcher(text);
        while (m.find()) {
            List<Long> dims = new ArrayList<>();
            for (String d : m.group(2).split("x")) {
                try {
                    dims.add(Long.parseLong(d.strip()));
                } catch (NumberFormatException e) {
                    return new Read(null, "tensor " + m.group(1) + " has dimensions \"" + m.group(2) + "\", not NxMx...");
                }
            }
            String body = m.group(3).strip();
            String[] items = body.isEmpty() ? new String[0] : body.split(",");
            float[] values = new float[items.length];
            for (int i = 0; i < items.length; i++) {
                Float v = value(items[i].strip());
                if (v == null) {
                    return new Read(null, "value " + i + " of tensor " + m.group(1) + " is not a number: "
                            + shorten(items[i].strip()));
                }
                values[i] = v;
            }
            long expected = dims.stream().reduce(1L, (a, b) -> a * b);
            if (expected != values.length) {
                return new Read(null, "tensor " + m.group(1) + " has dimensions " + m.group(2) + " (" + expected
                        + " values) but " + values.length + " values");
            }
            out.add(new Tensor(m.group(1), dims, values));
        }
        if (out.isEmpty()) {
            return new Read(null, "no output tensor in the file (not trtexec's --exportOutput format): "
                    + shorten(text.strip()));
        }
        return new Read(out, null);
    }

    private static Float value(String s) {
        switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "-nan", "+nan" -> {
                return Float.NaN;
            }
            case "inf", "+inf", "infinity" -> {
                return Float.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Float.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    return Float.parseFloat(s);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
        }
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "..." : s;
    }
}
