package dev.gpudoctor.matrix;

/** Where the rules get the matrix: the bundled copy, or one given with --matrix. */
@FunctionalInterface
public interface MatrixSource {

    Matrix get() throws MatrixException;

    static MatrixSource bundled() {
        return BundledMatrix::get;
    }

    static MatrixSource of(Matrix m) {
        return () -> m;
    }
}
