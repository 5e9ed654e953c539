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

    /**
     * The matrix for the rules of a check: the bundled copy (loaded in the background while the probes
     * run), or DIR validated now, so that a broken one stops before anything is examined.
     */
    dev.gpudoctor.matrix.MatrixSource source() {
        return dir == null ? dev.gpudoctor.matrix.MatrixSource.bundled() : dev.gpudoctor.matrix.MatrixSource.of(load());
    }

    /** Loads the matrix; a broken one is "could not run", with every file/line/field problem in the message. */
    Matrix load() {
        try {
            return dir == null ? MatrixLoader.bundled() : MatrixLoader.fromDirectory(dir);
        } catch (MatrixException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "the compatibility matrix is broken:\n" + e.getMessage(), e);
        }
    }
}
