package dev.gpudoctor.matrix.update;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import java.util.Map;
import java.util.Optional;

/**
 * Which matrix a check uses: the one installed by matrix update when it is at least as new as the
 * bundled one and loads, else the bundled one, which is always there to fall back on.
 */
public final class MatrixInUse {

    /**
     * @param kind        installed | bundled
     * @param fallbackWhy why an installed matrix is not used, when there is one
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Status(String kind, String matrixVersion, String location, String url, String installedAt,
                         String bundledVersion, String fallbackWhy) {
    }

    private MatrixInUse() {
    }

    public static Matrix load(Map<String, String> env) throws MatrixException {
        MatrixCache cache = MatrixCache.of(env);
        Optional<MatrixCache.Source> installed = cache.source();
        if (installed.isPresent() && isAtLeast(installed.get().matrixVersion(), MatrixLoader.bundledMatrixVersion())) {
            try {
                Optional<Matrix> m = cache.load();
                if (m.isPresent()) {
                    return m.get();
                }
            } catch (MatrixException e) {
                // A damaged installed copy must not stop a check: the bundled matrix answers (status says why).
            }
        }
        return MatrixLoader.bundledPrevalidated();
    }

    public static Status status(Map<String, String> env) throws MatrixException {
        String bundled = MatrixLoader.bundledMatrixVersion();
        MatrixCache cache = MatrixCache.of(env);
        Optional<MatrixCache.Source> installed = cache.source();
        if (installed.isEmpty()) {
            return new Status("bundled", bundled, "inside gpu-doctor", null, null, bundled,
                    cache.current().isPresent() ? "the installed matrix at " + cache.root() + " has no readable source.json" : null);
        }
        MatrixCache.Source s = installed.get();
        if (!isAtLeast(s.matrixVersion(), bundled)) {
            return new Status("bundled", bundled, "inside gpu-doctor", null, null, bundled, "the installed matrix "
                    + s.matrixVersion() + " is older than the bundled " + bundled);
        }
        try {
            cache.load();
        } catch (MatrixException e) {
            return new Status("bundled", bundled, "inside gpu-doctor", null, null, bundled, "the installed matrix at "
                    + cache.current().orElseThrow() + " does not load: " + e.getMessage());
        }
        return new Status("installed", s.matrixVersion(), real(cache.current().orElseThrow()), s.url(), s.installedAt(),
                bundled, null);
    }

    private static String real(java.nio.file.Path p) {
        try {
            return p.toRealPath().toString();
        } catch (java.io.IOException e) {
            return p.toString();
        }
    }

    /** Matrix versions are dates (YYYY-MM-DD): their text order is their time order. */
    static boolean isAtLeast(String a, String b) {
        return a != null && b != null && a.compareTo(b) >= 0;
    }
}
