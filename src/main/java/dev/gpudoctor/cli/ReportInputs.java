package dev.gpudoctor.cli;

import dev.gpudoctor.host.bundle.BundleWriter;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The saved reports (and, for diagnose, bundles) that a command line names, folders searched for
 * them, and the work on each done on every core: summarize and diagnose read fleets of thousands.
 */
final class ReportInputs {

    /** One report or bundle to read, or a path that could not be searched ({@code error} says why). */
    record Input(Path path, String error) {
    }

    private ReportInputs() {
    }

    /** A folder holding bundle.yaml is a capture, one input, not a folder of reports. */
    static boolean isBundleFolder(Path p) {
        return Files.isDirectory(p) && Files.isRegularFile(p.resolve(BundleWriter.MANIFEST), LinkOption.NOFOLLOW_LINKS);
    }

    /**
     * Everything under {@code dir}, sorted by path: *.json files and, with {@code bundles}, *.tar.gz
     * and *.tgz files and bundle folders, whose own files (report.json among them) are not inputs.
     * A sub-folder or file that cannot be read is an input with its error, not the end of the search.
     */
    static List<Input> search(Path dir, boolean bundles) {
        List<Input> found = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                    if (bundles && !d.equals(dir) && isBundleFolder(d)) {
                        found.add(new Input(d, null));
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
                    String name = f.getFileName().toString();
                    boolean wanted = name.endsWith(".json") || bundles && (name.endsWith(".tar.gz") || name.endsWith(".tgz"));
                    // A link to a report is followed, as a report named on the command line would be.
                    if (wanted && (attrs.isRegularFile() || Files.isRegularFile(f))) {
                        found.add(new Input(f, null));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path f, IOException e) {
                    found.add(new Input(f, "cannot read " + f + ": " + why(e)));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) {
                    if (e != null) {
                        found.add(new Input(d, "cannot list " + d + ": " + why(e)));
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            found.add(new Input(dir, "cannot list " + dir + ": " + why(e)));
        }
        found.sort(Comparator.comparing(Input::path));
        return found;
    }

    private static String why(IOException e) {
        return e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                : e instanceof java.nio.file.NoSuchFileException ? "no such file or folder" : String.valueOf(e.getMessage());
    }

    /**
     * {@code work} on every item, on as many threads as there are processors, each result handed to
     * {@code inOrder} in the items' order as soon as it and those before it are done (a fleet's
     * results are printed while the rest are read, and need not all be held). {@code work} must
     * turn its failures into results: one that throws stops the whole run as an internal error.
     */
    static <T, R> void inParallel(List<T> items, Function<T, R> work, Consumer<R> inOrder) {
        int threads = Math.max(1, Math.min(items.size(), java.lang.Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "report-reader");
            // Never keeps the process alive: the command's own thread decides when it ends.
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> pending = new ArrayList<>(items.size());
            for (T item : items) {
                pending.add(pool.submit(() -> work.apply(item)));
            }
            for (int i = 0; i < pending.size(); i++) {
                inOrder.accept(pending.get(i).get());
                // Done with: a result, once handed on, is not held to the end.
                pending.set(i, null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserError(ExitCode.COULD_NOT_RUN, "interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
