package dev.gpudoctor.matrix;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The subjects of the matrix, one file each. {@code uniqueBy} names, per list of the file, the fields
 * that identify an item: two items with the same values are the same fact written twice.
 */
public enum Subject {
    CUDA_TOOLKIT("cuda-toolkit", Map.of("entries", List.of("version"), "minorVersionCompatibility", List.of("major"))),
    DRIVER_BRANCHES("driver-branches",
            Map.of("entries", List.of("branch"), "lastBranchPerArchitecture", List.of("architecture"))),
    FORWARD_COMPAT("forward-compat", Map.of("entries", List.of("cudaVersion"), "supportedGpuClasses",
            List.of("class"), "rules", List.of("id"))),
    GPUS("gpus", Map.of("entries", List.of("name"))),
    CUDNN("cudnn", Map.of("entries", List.of("version"))),
    TENSORRT("tensorrt", Map.of("entries", List.of("version"))),
    TENSORRT_ONNX("tensorrt-onnx", Map.of("entries", List.of("tensorrt"), "converters", List.of("name"))),
    PYTORCH("pytorch", Map.of("entries", List.of("version"))),
    TENSORFLOW("tensorflow", Map.of("entries", List.of("version"))),
    JAX("jax", Map.of("entries", List.of("package", "jax"))),
    ONNXRUNTIME("onnxruntime", Map.of("entries", List.of("versions", "cuda"))),
    NGC("ngc", Map.of("entries", List.of("image", "release", "tag"))),
    KNOWN_BAD("known-bad", Map.of("entries", List.of("id"))),
    INSTALL("install", Map.of("entries", List.of("id", "versionId"), "repositories", List.of("family"), "drivers",
            List.of("method"), "components", List.of("component", "family", "major"), "guides", List.of("component")));

    /** The index file: schemaVersion and matrixVersion. */
    public static final String INDEX_FILE = "matrix.yaml";

    private final String id;
    private final Map<String, List<String>> uniqueBy;

    Subject(String id, Map<String, List<String>> uniqueBy) {
        this.id = id;
        this.uniqueBy = uniqueBy;
    }

    /** The name used in the file ({@code subject: cuda-toolkit}) and on the command line. */
    public String id() {
        return id;
    }

    public String fileName() {
        return id + ".yaml";
    }

    Map<String, List<String>> uniqueBy() {
        return uniqueBy;
    }

    public static Optional<Subject> byId(String id) {
        return Arrays.stream(values()).filter(s -> s.id.equalsIgnoreCase(id)).findFirst();
    }
}
