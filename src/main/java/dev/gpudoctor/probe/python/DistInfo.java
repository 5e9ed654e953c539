package dev.gpudoctor.probe.python;

import dev.gpudoctor.fact.Version;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Names and versions of installed distributions, from *.dist-info directory names and METADATA. */
public final class DistInfo {

    /** {name}-{version}.dist-info, the name escaped with '_' (PEP 427), the version without '-'. */
    private static final Pattern DIR = Pattern.compile("(.+?)-([^-]+)\\.dist-info");
    private static final Pattern RELEASE = Pattern.compile("^v?(\\d+(?:\\.\\d+){0,15})");
    private static final Pattern METADATA_VERSION = Pattern.compile("(?m)^Version:\\s*(\\S+)\\s*$");

    /** One distribution as its directory names it. */
    public record Dist(String name, String version) {
    }

    private DistInfo() {
    }

    public static Optional<Dist> fromDirName(String dirName) {
        Matcher m = DIR.matcher(dirName);
        return m.matches() ? Optional.of(new Dist(normalize(m.group(1)), m.group(2))) : Optional.empty();
    }

    /** PEP 503: lower case, runs of '-', '_' and '.' become one '-' ("Nvidia_CuDNN.cu13" is "nvidia-cudnn-cu13"). */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    /** The Version: header of a METADATA file (the authority when it differs from the directory name). */
    public static Optional<String> metadataVersion(String metadata) {
        Matcher m = METADATA_VERSION.matcher(metadata == null ? "" : metadata);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * The release part as a comparable version: "2.11.0+cu130" gives 2.11.0 and "2.6.0rc1" 2.6.0.
     * The full text (local label included) stays in the framework's build facts.
     */
    public static Optional<Version> release(String version) {
        // At most 16 components: an unbounded regex repetition recurses once per component, and a
        // dist-info name of 7 KB of "1." overflowed the stack (PythonParsersFuzzTest).
        Matcher m = RELEASE.matcher(version == null ? "" : version);
        return m.find() ? Version.parse(m.group(1)) : Optional.empty();
    }

    /** The distributions whose versions matter to the GPU stack. */
    public static boolean isGpuRelevant(String normalized) {
        return normalized.equals("torch") || normalized.equals("torchvision") || normalized.equals("torchaudio")
                || normalized.startsWith("tensorflow") || normalized.equals("tf-nightly") || normalized.equals("keras")
                || normalized.equals("jax") || normalized.equals("jaxlib")
                || normalized.matches("jax-cuda\\d*-(plugin|pjrt)")
                || normalized.startsWith("onnxruntime") || normalized.startsWith("cupy")
                || normalized.startsWith("tensorrt") || normalized.equals("triton")
                || normalized.startsWith("nvidia-") || normalized.startsWith("paddlepaddle");
    }
}
