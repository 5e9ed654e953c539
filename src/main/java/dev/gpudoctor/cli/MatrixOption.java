package dev.gpudoctor.cli;

import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.matrix.MatrixSource;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which compatibility matrix the rules read: the bundled one, or a folder given with --matrix. */
public final class MatrixOption {

    @Option(names = "--matrix", paramLabel = "DIR",
            description = "Use the compatibility matrix in DIR (a checkout or an edited copy of compat-matrix/) "
                    + "instead of the bundled one; it is validated first.")
    Path dir;

    /** The matrix source; a broken matrix folder stops here with file, line and field. */
    MatrixSource source() {
        if (dir == null) {
            return MatrixSource.bundled();
        }
        try {
            return MatrixSource.of(MatrixLoader.fromDirectory(dir));
        } catch (MatrixException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "the matrix in " + dir + " is not valid:\n" + e.getMessage(), e);
        }
    }
}
