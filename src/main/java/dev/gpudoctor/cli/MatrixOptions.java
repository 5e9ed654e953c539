package dev.gpudoctor.cli;

import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which compatibility matrix to use, shared by the commands that read one. */
public final class MatrixOptions {

    @Option(names = "--matrix", paramLabel = "DIR",
            description = "Use the matrix files in DIR (a checkout of compat-matrix/) instead of the copy in gpu-doctor.")
    Path dir;

    /** Loads the matrix; a broken one is "could not run", with every file/line/field problem in the message. */
    Matrix load() {
        try {
            return dir == null ? MatrixLoader.bundled() : MatrixLoader.fromDirectory(dir);
        } catch (MatrixException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "the compatibility matrix is broken:\n" + e.getMessage(), e);
        }
    }
}
