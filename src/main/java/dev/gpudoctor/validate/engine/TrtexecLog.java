package dev.gpudoctor.validate.engine;

import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one trtexec run printed, read from its log (stdout and stderr together). The formats are
 * trtexec's own (NVIDIA/TensorRT samples/common: sampleReporting.cpp prints the performance summary,
 * sampleEngines.cpp the build and plan lines, the logger the {@code &&&&} markers); the tests hold
 * lines from real runs pasted into public issues. Pure: a log that says nothing gives nulls and an
 * empty error list, never an exception.
 *
 * @param passed            true after {@code &&&& PASSED TensorRT.trtexec}, false after {@code &&&& FAILED},
 *                          null when neither came (the process was killed or is not trtexec)
 * @param tensorrtVersion   from the marker's {@code [TensorRT v100300]} or the {@code TensorRT version:} line
 * @param buildSeconds      {@code Engine built in 10.7204 sec.}
 * @param latency           the summary's {@code Latency:} line (host latency: H2D + compute + D2H), ms
 * @param gpuCompute        the summary's {@code GPU Compute Time:} line, ms
 * @param planVersion       what {@code --getPlanVersionOnly} printed: {@code Plan was created with TensorRT version 10.3.0.26}
 * @param errors            the {@code [E]} lines without their time stamps, in order
 * @param failure           the first error this parser recognises, or the first error line; null when none
 */
public record TrtexecLog(Boolean passed, String tensorrtVersion, String device, String computeCapability,
                         Double buildSeconds, Timing latency, Timing gpuCompute, Double throughputQps,
                         String planVersion, List<String> errors, Failure failure) {

    public TrtexecLog {
        errors = List.copyOf(errors);
    }

    /**
     * One performance summary line of trtexec (sampleReporting.cpp toPerfString): min, max, mean,
     * median and the percentiles asked for (90, 95 and 99 by default since TensorRT 8.6; 99 alone before).
     */
    public record Timing(Double min, Double max, Double mean, Double median, Map<String, Double> percentiles) {
        public Timing {
            percentiles = Map.copyOf(percentiles);
        }
    }

    /** Why a run failed, where the log says it in a form this parser knows. */
    public enum Kind {
        /** The plan is of another TensorRT release (or another serialization version of it). */
        VERSION_MISMATCH,
        /** The plan was built for a GPU of another compute capability. */
        DEVICE_MISMATCH,
        /** The file does not start with a plan's tag. */
        NOT_A_PLAN,
        /** The plan's header promises more bytes than the file holds. */
        TRUNCATED_PLAN,
        /** The ONNX parser refused the model. */
        ONNX_PARSE,
        /** Anything else: the first error line. */
        OTHER
    }

    /**
     * @param expected what this TensorRT or GPU has (compute 9.0, library 8.5.1.7, serialization version 236)
     * @param found    what the plan says (compute 8.9, 8.5.3.1, 239)
     */
    public record Failure(Kind kind, String message, String expected, String found) {
    }

    private static final Pattern PREFIX = Pattern.compile("^(?:\\[[^\\]]*\\]\\s*)+");
    private static final Pattern MARKER = Pattern.compile("^&&&& (PASSED|FAILED|RUNNING) TensorRT\\.trtexec(?: \\[TensorRT v(\\d+)\\])?");
    private static final Pattern VERSION_LINE = Pattern.compile("^TensorRT version: (\\d+(?:\\.\\d+)+)");
    private static final Pattern DEVICE = Pattern.compile("^Selected Device: (.+)$");
    private static final Pattern CAPABILITY = Pattern.compile("^Compute Capability: (\\d+\\.\\d+)");
    private static final Pattern BUILT = Pattern.compile("^Engine built in ([0-9.eE+-]+) sec");
    private static final Pattern THROUGHPUT = Pattern.compile("^Throughput: ([0-9.eE+-]+) qps");
    private static final Pattern PLAN_VERSION = Pattern.compile("Plan was created with TensorRT version (\\d+(?:\\.\\d+)+)");
    private static final Pattern TIMING = Pattern.compile("min = (\\S+) ms, max = (\\S+) ms, mean = (\\S+) ms, median = (\\S+) ms"
            + "((?:, percentile\\(\\d+(?:\\.\\d+)?%\\) = \\S+ ms)*)");
    private static final Pattern PERCENTILE = Pattern.compile("percentile\\((\\d+(?:\\.\\d+)?)%\\) = (\\S+) ms");
    private static final Pattern ERROR = Pattern.compile("\\[E\\]\\s*(?:\\[TRT\\]\\s*)?(.*)$");

    private static final Pattern DEVICE_MISMATCH = Pattern.compile(
            "generated on an incompatible device, expecting compute (\\d+\\.\\d+) got compute (\\d+\\.\\d+)");
    private static final Pattern LIBRARY_VERSION = Pattern.compile(
            "expecting library version (\\d+(?:\\.\\d+)*) got (\\d+(?:\\.\\d+)*)");
    private static final Pattern SERIALIZATION = Pattern.compile(
            "Version tag does not match\\. Note: Current Version: (\\d+), Serialized Engine Version: (\\d+)");

    public static TrtexecLog parse(String log) {
        Boolean passed = null;
        String version = null;
        String device = null;
        String capability = null;
        Double built = null;
        Timing latency = null;
        Timing compute = null;
        Double qps = null;
        String planVersion = null;
        List<String> errors = new ArrayList<>();
        for (String raw : (log == null ? "" : log).split("\\R")) {
            String line = PREFIX.matcher(raw.strip()).replaceFirst("");
            Matcher m;
            if ((m = MARKER.matcher(raw.strip())).find()) {
                if (m.group(2) != null) {
                    version = decode(m.group(2), version);
                }
                if (!m.group(1).equals("RUNNING")) {
                    passed = m.group(1).equals("PASSED");
                }
            } else if ((m = VERSION_LINE.matcher(line)).find()) {
                version = version == null ? m.group(1) : version;
            } else if ((m = DEVICE.matcher(line)).find()) {
                device = m.group(1).strip();
            } else if ((m = CAPABILITY.matcher(line)).find()) {
                capability = m.group(1);
            } else if ((m = BUILT.matcher(line)).find()) {
                built = number(m.group(1));
            } else if ((m = THROUGHPUT.matcher(line)).find()) {
                qps = number(m.group(1));
            } else if (line.startsWith("Latency: ")) {
                latency = timing(line);
            } else if (line.startsWith("GPU Compute Time: ")) {
                compute = timing(line);
            }
            if ((m = PLAN_VERSION.matcher(line)).find()) {
                planVersion = m.group(1);
            }
            if ((m = ERROR.matcher(raw)).find() && !m.group(1).isBlank()) {
                errors.add(m.group(1).strip());
            }
        }
        return new TrtexecLog(passed, version, device, capability, built, latency, compute, qps, planVersion, errors,
                classify(errors));
    }

    /** The marker's integer: 100300 is 10.3.0, 8601 is 8.6.1 (Version.fromTensorrtInt, the one decoder). */
    private static String decode(String digits, String otherwise) {
        try {
            return Version.fromTensorrtInt(Integer.parseInt(digits)).toString();
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    static Failure classify(List<String> errors) {
        for (String e : errors) {
            Matcher m;
            if ((m = DEVICE_MISMATCH.matcher(e)).find()) {
                return new Failure(Kind.DEVICE_MISMATCH, e, "compute " + m.group(1), "compute " + m.group(2));
            }
            if ((m = LIBRARY_VERSION.matcher(e)).find()) {
                return new Failure(Kind.VERSION_MISMATCH, e, m.group(1), m.group(2));
            }
            if ((m = SERIALIZATION.matcher(e)).find()) {
                return new Failure(Kind.VERSION_MISMATCH, e, "serialization version " + m.group(1),
                        "serialization version " + m.group(2));
            }
            if (e.contains("Magic tag does not match") || e.contains("Failed to verify a plan tag")) {
                return new Failure(Kind.NOT_A_PLAN, e, null, null);
            }
            if (e.contains("Size specified in header does not match archive size")) {
                return new Failure(Kind.TRUNCATED_PLAN, e, null, null);
            }
        }
        for (String e : errors) {
            if (e.contains("Failed to parse onnx file") || e.contains("ModelImporter") || e.contains("Parsing model failed")) {
                return new Failure(Kind.ONNX_PARSE, errors.stream().filter(x -> x.contains("ERROR:") || x.contains("Assertion"))
                        .findFirst().orElse(e), null, null);
            }
        }
        return errors.isEmpty() ? null : new Failure(Kind.OTHER, errors.get(0), null, null);
    }

    private static Timing timing(String line) {
        Matcher m = TIMING.matcher(line);
        if (!m.find()) {
            return null;
        }
        Map<String, Double> pct = new LinkedHashMap<>();
        Matcher p = PERCENTILE.matcher(m.group(5));
        while (p.find()) {
            Double v = number(p.group(2));
            if (v != null) {
                pct.put(p.group(1), v);
            }
        }
        return new Timing(number(m.group(1)), number(m.group(2)), number(m.group(3)), number(m.group(4)), pct);
    }

    /** A finite number, or null (trtexec prints "inf" for a percentile of no samples). */
    private static Double number(String s) {
        try {
            double d = Double.parseDouble(s);
            return Double.isFinite(d) ? d : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
