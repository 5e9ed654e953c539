package dev.gpudoctor.matrix;

/**
 * What matrix.yaml says of a matrix: the format of its files and the date of its data. Read alone
 * (for --version) it costs a three-line YAML parse, not the 3,600 lines of every subject.
 *
 * @param schemaVersion the format of the files
 * @param matrixVersion the date of the data, YYYY-MM-DD
 */
public record MatrixIndex(int schemaVersion, String matrixVersion) {
}
