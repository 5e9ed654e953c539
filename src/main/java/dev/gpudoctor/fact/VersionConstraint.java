package dev.gpudoctor.fact;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A condition on a version in the grammar of {@code --require} clauses without their key:
 * {@code OP VERSION}, several joined by commas, all of which must hold (">=2.9", "<7.5",
 * ">=0.4.30,<0.6.0"). OP is one of >=, <=, ==, !=, >, < (= is ==).
 *
 * <p>A clause compares at the precision it is written in: "&lt;9.8" asks about major.minor, so
 * 9.8.1 is not below it; "==2.7" holds for 2.7.1; "&gt;=550.54" compares 550.54.15 as 550.54.
 */
public record VersionConstraint(List<Clause> clauses) {

    /** One OP VERSION. */
    public record Clause(String op, Version version) {

        public boolean test(Version have) {
            int c = have.prefix(version.size()).compareTo(version);
            return switch (op) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                case "==" -> c == 0;
                case "!=" -> c != 0;
                default -> throw new IllegalStateException("not an operator: " + op);
            };
        }

        @Override
        public String toString() {
            return op + version;
        }
    }

    /** The same operators as a {@code --require} clause. */
    public static final String OPERATORS = "(>=|<=|==|!=|=|>|<)";

    private static final Pattern CLAUSE = Pattern.compile("^\\s*" + OPERATORS + "\\s*(\\d+(?:\\.\\d+)*)\\s*$");

    public VersionConstraint {
        clauses = List.copyOf(clauses);
        if (clauses.isEmpty()) {
            throw new IllegalArgumentException("a constraint needs at least one clause");
        }
    }

    /** Parses ">=2.9" or ">=0.4.30,<0.6.0"; anything else (a bare version, a word, an empty clause) is empty. */
    public static Optional<VersionConstraint> parse(String s) {
        if (s == null || s.isBlank()) {
            return Optional.empty();
        }
        List<Clause> out = new ArrayList<>();
        for (String clause : s.split(",", -1)) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                return Optional.empty();
            }
            Optional<Version> v = Version.parse(m.group(2));
            if (v.isEmpty()) {
                return Optional.empty();
            }
            out.add(new Clause(m.group(1).equals("=") ? "==" : m.group(1), v.get()));
        }
        return Optional.of(new VersionConstraint(out));
    }

    /** Whether every clause holds for this version. */
    public boolean test(Version have) {
        return clauses.stream().allMatch(c -> c.test(have));
    }

    @Override
    public String toString() {
        return clauses.stream().map(Clause::toString).collect(Collectors.joining(","));
    }
}
