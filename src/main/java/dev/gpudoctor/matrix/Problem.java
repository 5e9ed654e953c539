package dev.gpudoctor.matrix;

/**
 * One thing wrong in a matrix file, located so that a person can fix it without a debugger:
 * "compat-matrix/cudnn.yaml line 42: entries[3].source: missing".
 *
 * @param file    the file as the user knows it (a path under --matrix DIR, or compat-matrix/NAME in the jar)
 * @param line    1-based line, 0 where the file could not be read at all
 * @param field   the field as a path ("entries[3].source"), empty for the file as a whole
 * @param message what is wrong
 */
public record Problem(String file, int line, String field, String message) {

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(" line ").append(line);
        }
        b.append(": ");
        if (!field.isEmpty()) {
            b.append(field).append(": ");
        }
        return b.append(message).toString();
    }
}
