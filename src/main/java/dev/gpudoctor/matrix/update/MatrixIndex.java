package dev.gpudoctor.matrix.update;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code index.json} of a published matrix: which files make it up, each with its size and
 * SHA-256, and the matrix version (a date) that decides whether an update is newer. Written by
 * {@code gpu-doctor matrix publish}, read by {@code matrix update}; format in docs/matrix-publishing.md.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MatrixIndex(String format, int formatVersion, int schemaVersion, String matrixVersion, List<FileEntry> files) {

    public static final String FORMAT = "gpu-doctor-matrix";
    public static final int FORMAT_VERSION = 1;
    static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}\\.yaml");
    static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    /** The whole matrix is a few hundred KiB; a file claiming more is not a matrix file. */
    static final long MAX_FILE_BYTES = 8L << 20;

    public record FileEntry(String name, long size, String sha256) {
    }

    public MatrixIndex {
        files = files == null ? List.of() : List.copyOf(files);
    }

    /** Why this index cannot be used, or null: checked before any file is fetched. */
    String problem() {
        if (!FORMAT.equals(format)) {
            return "not a gpu-doctor matrix index (format is " + format + ")";
        }
        if (formatVersion != FORMAT_VERSION) {
            return "index format version " + formatVersion + "; this gpu-doctor reads version " + FORMAT_VERSION;
        }
        if (matrixVersion == null || !DATE.matcher(matrixVersion).matches()) {
            return "matrixVersion is not a date (YYYY-MM-DD): " + matrixVersion;
        }
        if (files.stream().noneMatch(f -> "matrix.yaml".equals(f.name()))) {
            return "the index lists no matrix.yaml";
        }
        for (FileEntry f : files) {
            // Names become file names in the cache: no paths, no dots but the extension.
            if (f.name() == null || !NAME.matcher(f.name()).matches()) {
                return "a file name that is not a matrix file name: " + f.name();
            }
            if (f.sha256() == null || !SHA256.matcher(f.sha256()).matches()) {
                return f.name() + ": sha256 is not 64 hex digits";
            }
            if (f.size() < 0 || f.size() > MAX_FILE_BYTES) {
                return f.name() + ": size " + f.size() + " is out of bounds";
            }
        }
        return null;
    }
}
