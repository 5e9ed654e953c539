package dev.gpudoctor.matrix;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The matrix could not be loaded: bad YAML, a schema violation, a missing or undefined source, a
 * version that is not a version. Carries every problem found, each with file, line and field; the
 * message is meant to be printed as is, never with a stack trace.
 */
public final class MatrixException extends Exception {

    private final transient List<Problem> problems;

    public MatrixException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a MatrixException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public MatrixException(Problem problem) {
        this(List.of(problem));
    }

    public List<Problem> problems() {
        return problems;
    }
}
