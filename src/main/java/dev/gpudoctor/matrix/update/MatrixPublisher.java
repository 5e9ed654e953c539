package dev.gpudoctor.matrix.update;

import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Builds a publishable matrix from a compat-matrix/ folder: validated first (a broken matrix is
 * never published), then its YAML files and an index.json with each file's size and SHA-256, in a
 * new folder that an internal web server (or a file:// mirror) can serve as it is.
 */
public final class MatrixPublisher {

    private MatrixPublisher() {
    }

    public static MatrixIndex publish(Path compatMatrix, Path out) throws IOException, MatrixException {
        Matrix m = MatrixLoader.fromDirectory(compatMatrix);
        if (Files.exists(out) && !isEmptyDir(out)) {
            throw new IOException(out + " exists and is not empty");
        }
        Path tmp = Files.createTempDirectory(out.toAbsolutePath().getParent(), "." + out.getFileName() + ".partial-");
        List<MatrixIndex.FileEntry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(compatMatrix)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(f);
                Files.write(tmp.resolve(f.getFileName().toString()), bytes);
                entries.add(new MatrixIndex.FileEntry(f.getFileName().toString(), bytes.length, Sha256.hex(bytes)));
            }
        }
        MatrixIndex index = new MatrixIndex(MatrixIndex.FORMAT, MatrixIndex.FORMAT_VERSION, m.schemaVersion(), m.matrixVersion(), entries);
        Files.writeString(tmp.resolve("index.json"), Json.write(index) + "\n");
        if (Files.exists(out)) {
            Files.delete(out);
        }
        Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
        return index;
    }

    private static boolean isEmptyDir(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            return false;
        }
        try (Stream<Path> s = Files.list(p)) {
            return s.findAny().isEmpty();
        }
    }
}
