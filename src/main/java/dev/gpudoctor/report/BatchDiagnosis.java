package dev.gpudoctor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.section.AreaLine;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * diagnose of many saved reports and bundles at once (a folder of a fleet's reports): each one's
 * findings with this version's rules, or why it could not be read, and the tally. Its JSON form has
 * its own published schema, docs/diagnose.schema.json; one input alone prints its report as before.
 */
public final class BatchDiagnosis {

    public static final int SCHEMA_VERSION = 1;

    /**
     * One input: its findings, or the error that kept it from being diagnosed.
     *
     * @param input    the file or bundle as named or found
     * @param exitCode what diagnose of this input alone exits with: 0 no problem, 1 problems, 2 not read
     * @param host     what the report or bundle examined; absent when it could not be read
     * @param findings this version's findings; absent when it could not be read
     * @param error    why it could not be read or diagnosed; absent when it was
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"input", "exitCode", "host", "findings", "error"})
    public record Entry(String input, int exitCode, Report.Examined host, List<Finding> findings, String error) {

        public static Entry diagnosed(String input, int exitCode, Report report) {
            return new Entry(input, exitCode, report.host(), report.findings(), null);
        }

        public static Entry failed(String input, int exitCode, String error) {
            return new Entry(input, exitCode, null, null, error);
        }
    }

    /**
     * The whole run.
     *
     * @param exitCode     the worst of the inputs' exit codes: what the command exits with
     * @param findingCodes how many inputs have each finding code
     * @param reports      one entry per input, in the order of the inputs (folders sorted by path)
     */
    @JsonPropertyOrder({"schemaVersion", "tool", "inputs", "withProblems", "withWarningsOnly", "withoutProblems", "unreadable",
        "exitCode", "findingCodes", "reports"})
    public record Result(int schemaVersion, Report.Tool tool, int inputs, int withProblems, int withWarningsOnly,
                         int withoutProblems, int unreadable, int exitCode, Map<String, Integer> findingCodes,
                         List<Entry> reports) {
    }

    /** The counts, kept while entries are printed one by one and then let go (text output). */
    public static final class Tally {
        private int inputs;
        private int withProblems;
        private int withWarningsOnly;
        private int withoutProblems;
        private int unreadable;
        private int exitCode;
        private final Map<String, Integer> codes = new TreeMap<>();

        public void add(Entry e) {
            inputs++;
            exitCode = Math.max(exitCode, e.exitCode());
            if (e.error() != null) {
                unreadable++;
                return;
            }
            switch (worst(e.findings())) {
                case ERROR -> withProblems++;
                case WARNING -> withWarningsOnly++;
                case INFO -> withoutProblems++;
            }
            e.findings().stream().map(Finding::code).distinct().forEach(c -> codes.merge(c, 1, Integer::sum));
        }

        public int exitCode() {
            return exitCode;
        }

        public Result result(String toolVersion, List<Entry> entries) {
            return new Result(SCHEMA_VERSION, new Report.Tool("gpu-doctor", toolVersion), inputs, withProblems, withWarningsOnly,
                    withoutProblems, unreadable, exitCode, java.util.Collections.unmodifiableMap(new TreeMap<>(codes)), entries);
        }

        /** The closing lines of the text output. */
        public String text() {
            StringBuilder s = new StringBuilder();
            s.append('\n').append(inputs).append(" input(s): ").append(withProblems).append(" with problems, ").append(withWarningsOnly)
                    .append(" with warnings only, ").append(withoutProblems).append(" without, ").append(unreadable)
                    .append(" could not be diagnosed.\n");
            if (!codes.isEmpty()) {
                s.append("\nReports per finding code:\n");
                codes.forEach((c, n) -> s.append(String.format("  %-40s %d%n", c, n)));
            }
            return s.toString();
        }
    }

    private BatchDiagnosis() {
    }

    /** One line of the text output: the input, what it examined, its problems and warnings by code. */
    public static String line(Entry e, boolean colour) {
        TextRenderer glyphs = new TextRenderer(false, colour);
        if (e.error() != null) {
            return glyphs.glyph(AreaLine.Health.PROBLEM) + " " + e.input() + ": could not be diagnosed: " + e.error() + "\n";
        }
        List<String> errors = codes(e.findings(), Severity.ERROR);
        List<String> warnings = codes(e.findings(), Severity.WARNING);
        StringBuilder s = new StringBuilder();
        s.append(glyphs.glyph(!errors.isEmpty() ? AreaLine.Health.PROBLEM : !warnings.isEmpty() ? AreaLine.Health.WARNING
                : AreaLine.Health.OK)).append(' ').append(e.input()).append("  ").append(e.host().description()).append(": ");
        if (!errors.isEmpty()) {
            s.append(errors.size()).append(" problem(s): ").append(String.join(", ", errors));
            if (!warnings.isEmpty()) {
                s.append("; ").append(warnings.size()).append(" warning(s): ").append(String.join(", ", warnings));
            }
        } else if (!warnings.isEmpty()) {
            s.append("no problem, ").append(warnings.size()).append(" warning(s): ").append(String.join(", ", warnings));
        } else {
            s.append("no problem found");
        }
        return s.append('\n').toString();
    }

    private static List<String> codes(List<Finding> findings, Severity severity) {
        return findings.stream().filter(f -> f.severity() == severity).map(Finding::code).distinct().toList();
    }

    private static Severity worst(List<Finding> findings) {
        return findings.stream().map(Finding::severity).min(Enum::compareTo).orElse(Severity.INFO);
    }
}
