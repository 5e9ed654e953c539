package dev.gpudoctor.matrix;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The matrix for a check (the bundled one, or a newer one installed by matrix update), loaded on a background thread from the moment a check starts, so
 * that reading 3,600 lines of YAML overlaps with the probes instead of adding to them.
 */
public final class BundledMatrix {

    private static volatile CompletableFuture<Matrix> loading;

    private BundledMatrix() {
    }

    /** Starts loading, once; later calls do nothing. */
    public static synchronized void preload() {
        if (loading == null) {
            loading = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    // The matrix in use: one installed by matrix update when newer, else the bundled copy.
                    loading.complete(dev.gpudoctor.matrix.update.MatrixInUse.load(System.getenv()));
                } catch (MatrixException | RuntimeException e) {
                    loading.completeExceptionally(e);
                }
            }, "matrix-loader");
            t.setDaemon(true);
            t.start();
        }
    }

    /** The matrix; throws with the loader's message when the bundled copy cannot be read. */
    public static Matrix get() throws MatrixException {
        preload();
        try {
            return loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MatrixException(new Problem("compat-matrix", 0, "", "interrupted while loading"));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof MatrixException m) {
                throw m;
            }
            throw new MatrixException(new Problem("compat-matrix", 0, "", String.valueOf(e.getCause())));
        }
    }
}
