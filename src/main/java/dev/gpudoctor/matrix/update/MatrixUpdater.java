package dev.gpudoctor.matrix.update;

import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * matrix update: the index (one small request when unchanged), every file checked against it, a
 * newer matrix than the one in use (or --allow-downgrade), validated, then installed atomically.
 */
public final class MatrixUpdater {

    /** How an update ended, in a sentence for the user. */
    public record Outcome(boolean changed, String matrixVersion, String message) {
    }

    /** A reason not to update, said to the user; the installed matrix is unchanged. */
    public static final class Refused extends Exception {
        public Refused(String message) {
            super(message);
        }
    }

    private final MatrixFetcher fetcher;
    private final MatrixCache cache;

    public MatrixUpdater(MatrixFetcher fetcher, MatrixCache cache) {
        this.fetcher = fetcher;
        this.cache = cache;
    }

    public Outcome update(URI url, boolean allowDowngrade, Runnable beforeSwitch) throws Refused {
        URI base = url.toString().endsWith("/") ? url : URI.create(url + "/");
        Optional<MatrixCache.Source> installed = cache.source();
        String etag = installed.filter(s -> base.toString().equals(s.url())).map(MatrixCache.Source::etag).orElse(null);
        MatrixFetcher.Index fetched;
        try {
            fetched = fetcher.index(base, etag);
        } catch (MatrixFetcher.FetchException e) {
            throw new Refused(e.getMessage());
        }
        if (fetched.unchanged()) {
            return new Outcome(false, installed.map(MatrixCache.Source::matrixVersion).orElse(null),
                    "unchanged: the matrix at " + base + " is the one installed (" + installed.map(MatrixCache.Source::matrixVersion).orElse("?") + ")");
        }
        MatrixIndex index = fetched.index();
        String inUse;
        try {
            String bundled = MatrixLoader.bundledMatrixVersion();
            inUse = installed.map(MatrixCache.Source::matrixVersion).filter(v -> MatrixInUse.isAtLeast(v, bundled)).orElse(bundled);
        } catch (MatrixException e) {
            throw new Refused("the bundled matrix cannot be read: " + e.getMessage());
        }
        if (index.matrixVersion().equals(inUse) && installed.map(s -> base.toString().equals(s.url())).orElse(false)) {
            return new Outcome(false, inUse, "already up to date: matrix " + inUse + " from " + base);
        }
        if (!MatrixInUse.isAtLeast(index.matrixVersion(), inUse) && !allowDowngrade) {
            throw new Refused("the matrix at " + base + " is " + index.matrixVersion() + ", older than the one in use (" + inUse
                    + "); --allow-downgrade installs it anyway");
        }
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (MatrixIndex.FileEntry f : index.files()) {
            try {
                files.put(f.name(), fetcher.file(base, f));
            } catch (MatrixFetcher.FetchException e) {
                throw new Refused(e.getMessage() + "; the installed matrix is unchanged");
            }
        }
        try {
            cache.install(index, files, new MatrixCache.Source(base.toString(), fetched.etag(), index.matrixVersion(), MatrixCache.now()),
                    beforeSwitch);
        } catch (MatrixException e) {
            throw new Refused("the matrix at " + base + " does not validate; the installed matrix is unchanged:\n" + e.getMessage());
        } catch (IOException e) {
            throw new Refused("cannot install into " + cache.root() + ": " + e.getMessage() + "; the installed matrix is unchanged");
        }
        return new Outcome(true, index.matrixVersion(), "installed matrix " + index.matrixVersion() + " from " + base + " into " + cache.root());
    }
}
