package dev.gpudoctor.diagnosis.require;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provisioning script demands of a host, e.g. {@code driver>=550,cuda>=12.4,cudnn>=9,cc>=8.0}
 * or {@code torch==2.5.1+cu124}: clauses separated by commas, all of which must hold.
 */
public record Requirement(String key, String op, String value) {

    /** The keys a requirement may name, and what each is compared with (see {@link RequirementCheck}). */
    public static final List<String> KEYS = List.of(
            "driver", "cuda", "toolkit", "cudnn", "tensorrt", "nccl", "cc", "gpus", "torch", "tensorflow");

    private static final Pattern CLAUSE = Pattern.compile(
            "^\\s*([a-z]+)\\s*" + dev.gpudoctor.fact.VersionConstraint.OPERATORS + "\\s*([0-9A-Za-z.+_-]+)\\s*$");

    /** Parses an expression; a bad clause is an error naming it and saying what is allowed. */
    public static List<Requirement> parse(String expression) {
        List<Requirement> out = new ArrayList<>();
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("empty requirement");
        }
        for (String clause : expression.split(",")) {
            Matcher m = CLAUSE.matcher(clause);
            if (!m.matches()) {
                throw new IllegalArgumentException("'" + clause.strip() + "' is not KEY OP VALUE (e.g. driver>=550, cuda>=12.4)");
            }
            String key = m.group(1).toLowerCase(Locale.ROOT);
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "' in '" + clause.strip() + "'; one of " + KEYS);
            }
            String op = m.group(2).equals("=") ? "==" : m.group(2);
            String value = m.group(3);
            boolean framework = key.equals("torch") || key.equals("tensorflow");
            if (!framework && !value.matches("\\d+(\\.\\d+)*")) {
                throw new IllegalArgumentException("'" + value + "' in '" + clause.strip() + "' is not a version");
            }
            if (framework && !value.matches("\\d+(\\.\\d+)*(\\+[A-Za-z0-9.]+)?")) {
                throw new IllegalArgumentException("'" + value + "' in '" + clause.strip() + "' is not a version like 2.5.1 or 2.5.1+cu124");
            }
            out.add(new Requirement(key, op, value));
        }
        return out;
    }

    @Override
    public String toString() {
        return key + op + value;
    }
}
