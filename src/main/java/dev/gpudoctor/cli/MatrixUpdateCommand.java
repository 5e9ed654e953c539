package dev.gpudoctor.cli;

import dev.gpudoctor.matrix.update.MatrixCache;
import dev.gpudoctor.matrix.update.MatrixFetcher;
import dev.gpudoctor.matrix.update.MatrixUpdater;
import java.net.URI;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "update", mixinStandardHelpOptions = true,
        description = {"Fetch a published matrix (index.json and its files, each checked against its SHA-256), validate it and "
                + "install it into the user's cache, atomically; checks then use it while it is newer than the bundled one.",
            "The bundled matrix stays the fallback. No URL is built in: give --url or GPU_DOCTOR_MATRIX_URL "
                + "(https:// or file:// for a mirror). --offline or GPU_DOCTOR_OFFLINE=1 forbids the network."})
public final class MatrixUpdateCommand implements Callable<Integer> {

    @Option(names = "--url", paramLabel = "URL", description = "Where the matrix is published (the folder holding index.json).")
    String url;

    @Option(names = "--allow-downgrade", description = "Install even when the published matrix is older than the one in use.")
    boolean allowDowngrade;

    @Option(names = "--offline", description = "Forbid all network access (also GPU_DOCTOR_OFFLINE=1).")
    boolean offline;

    @ParentCommand
    MatrixCommand parent;

    @Override
    public Integer call() {
        Runtime rt = parent.rt;
        String where = url != null ? url : rt.environment().get("GPU_DOCTOR_MATRIX_URL");
        if (where == null || where.isBlank()) {
            throw new UserError(ExitCode.USAGE, "no matrix URL: give --url URL or set GPU_DOCTOR_MATRIX_URL "
                    + "(see docs/matrix-publishing.md)");
        }
        URI uri;
        try {
            uri = URI.create(where.trim());
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "--url: not a URL: " + where);
        }
        boolean file = "file".equalsIgnoreCase(uri.getScheme());
        if (!file && (offline || OfflineMode.on(rt.environment()))) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "offline (--offline or GPU_DOCTOR_OFFLINE): not fetching " + uri
                    + "; the matrix in use is unchanged");
        }
        MatrixUpdater updater = new MatrixUpdater(new MatrixFetcher(rt.environment(), dev.gpudoctor.net.Https.Settings.DEFAULT),
                MatrixCache.of(rt.environment()));
        try {
            MatrixUpdater.Outcome o = updater.update(uri, allowDowngrade, () -> { });
            rt.out().println(o.message());
            rt.out().flush();
            return ExitCode.OK.code();
        } catch (MatrixUpdater.Refused e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "matrix update: " + e.getMessage());
        }
    }
}
