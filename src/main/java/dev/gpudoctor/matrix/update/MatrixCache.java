package dev.gpudoctor.matrix.update;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The user's installed matrix: {@code $XDG_CACHE_HOME/gpu-doctor/matrix/} (else ~/.cache/...), one
 * folder per installed version under {@code versions/} and a {@code current} link to the one in
 * use. A new version is written in full under a temporary name, validated, renamed into place,
 * and only then does {@code current} move, by an atomic rename of a new link over the old one: a
 * kill at any moment leaves either the old matrix or the new one in use, never half of one.
 */
public final class MatrixCache {

    static final String CURRENT = "current";
    static final String SOURCE = "source.json";

    /** Where an installed version came from, kept beside it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String url, String etag, String matrixVersion, String installedAt) {
    }

    private final Path root;

    public MatrixCache(Path root) {
        this.root = root;
    }

    /** The cache of this user, from the environment (XDG_CACHE_HOME, else HOME/.cache). */
    public static MatrixCache of(Map<String, String> env) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache");
        return new MatrixCache(base.resolve("gpu-doctor").resolve("matrix"));
    }

    public Path root() {
        return root;
    }

    /** The folder of the installed matrix in use, if any. */
    public Optional<Path> current() {
        Path c = root.resolve(CURRENT);
        return Files.isDirectory(c) ? Optional.of(c) : Optional.empty();
    }

    public Optional<Source> source() {
        return current().flatMap(c -> {
            try {
                return Optional.of(Json.mapper().readValue(c.resolve(SOURCE).toFile(), Source.class));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * Installs fetched files as a new version and makes it current. {@code beforeSwitch} runs after
     * the new version is complete and validated, just before {@code current} moves (tests stop
     * there, as a kill would).
     */
    public Path install(MatrixIndex index, Map<String, byte[]> files, Source source, Runnable beforeSwitch)
            throws IOException, MatrixException {
        Path versions = Files.createDirectories(root.resolve("versions"));
        removeLeftovers(versions);
        String id = index.matrixVersion() + "-" + Sha256.hex(Json.write(index).getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12);
        Path target = versions.resolve(id);
        if (!Files.isDirectory(target)) {
            Path tmp = Files.createTempDirectory(versions, ".partial-");
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Files.write(tmp.resolve(f.getKey()), f.getValue());
            }
            Files.writeString(tmp.resolve("index.json"), Json.write(index) + "\n");
            Files.writeString(tmp.resolve(SOURCE), Json.write(source) + "\n");
            // The full schema check, once, here: checks load installed matrices without it, as they do the bundled one.
            MatrixLoader.fromDirectory(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        }
        beforeSwitch.run();
        Path link = root.resolve(".current-" + ProcessHandle.current().pid());
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, root.relativize(target));
        Files.move(link, root.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return target;
    }

    /** Half-written versions of a run that was killed. */
    private static void removeLeftovers(Path versions) throws IOException {
        try (Stream<Path> s = Files.list(versions)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith(".partial-")).toList()) {
                dev.gpudoctor.host.bundle.BundleArchive.deleteTree(p);
            }
        }
    }

    /** The installed matrix, loaded (its schemas were checked when it was installed). */
    public Optional<Matrix> load() throws MatrixException {
        Optional<Path> c = current();
        if (c.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(MatrixLoader.fromDirectoryPrevalidated(c.get()));
    }

    static String now() {
        return Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    }
}
