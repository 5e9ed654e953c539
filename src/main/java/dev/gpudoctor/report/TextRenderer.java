package dev.gpudoctor.report;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.section.AreaLine;
import java.util.List;

/** The doctor-style report: one line per area with a glyph, details with {@code -v}. */
public final class TextRenderer {

    private static final String RESET = "\u001b[0m";

    private final boolean verbose;
    private final boolean colour;

    public TextRenderer(boolean verbose, boolean colour) {
        this.verbose = verbose;
        this.colour = colour;
    }

    public String render(Report report) {
        StringBuilder b = new StringBuilder();
        b.append(report.tool().name()).append(' ').append(report.tool().version())
                .append(" - ").append(report.host().description());
        if (report.host().capturedAt() != null) {
            b.append(", captured ").append(report.host().capturedAt());
        }
        b.append(" (").append(Math.round(report.elapsedMs())).append(" ms)\n\n");
        List<AreaLine> lines = Summary.lines(report);
        int width = lines.stream().mapToInt(l -> l.area().length()).max().orElse(10);
        for (AreaLine l : lines) {
            b.append(glyph(l.health())).append(' ')
                    .append(String.format("%-" + width + "s", l.area())).append("  ")
                    .append(l.headline()).append('\n');
            if (verbose) {
                for (String d : l.details()) {
                    b.append("      ").append(d).append('\n');
                }
            }
        }
        findings(report.findings(), false, b);
        long errors = report.findings().stream().filter(x -> x.severity() == Severity.ERROR).count();
        long warnings = report.findings().stream().filter(x -> x.severity() == Severity.WARNING).count();
        b.append('\n').append(errors > 0 ? errors + " problem(s)" + (warnings > 0 ? ", " + warnings + " warning(s)" : "") + " found."
                : warnings > 0 ? warnings + " warning(s), no problem found." : "No problem found.");
        if (!verbose) {
            b.append(" Run with -v for the facts and where each was read.");
        }
        b.append('\n');
        return b.toString();
    }

    /**
     * The findings block of every text output (check, model), so that a finding reads the same
     * wherever it comes from.
     *
     * @param evidenceAlways show the evidence without -v (model files: the evidence is the model's own
     *                       nodes and fields, short, and what the finding stands on)
     */
    public void findings(List<Finding> findings, boolean evidenceAlways, StringBuilder b) {
        if (findings.isEmpty()) {
            return;
        }
        b.append("\nFindings:\n");
        for (Finding x : findings) {
            b.append(glyph(switch (x.severity()) {
                case ERROR -> AreaLine.Health.PROBLEM;
                case WARNING -> AreaLine.Health.WARNING;
                case INFO -> AreaLine.Health.INFO;
            })).append(' ').append(x.title()).append("  (").append(x.code()).append(")\n");
            if (verbose) {
                b.append("      ").append(x.explanation()).append('\n');
            }
            if (verbose || evidenceAlways) {
                // Evidence of several lines (a log's tail) stays under its dash.
                x.evidence().forEach(e -> b.append("      - ").append(e.replace("\n", "\n        ")).append('\n'));
            }
            for (Fix fix : x.fixes()) {
                b.append("      fix: ").append(fix.summary()).append('\n');
                for (Fix.FileWrite w : fix.writes()) {
                    b.append("        write ").append(w.path()).append(": ")
                            .append(String.join(" / ", w.content().lines().toList())).append('\n');
                }
                for (List<String> step : fix.steps()) {
                    b.append("        $ ").append(fix.needsRoot() ? "sudo " : "").append(Fix.display(step)).append('\n');
                }
                if (verbose && fix.documentation() != null) {
                    b.append("        see ").append(fix.documentation()).append('\n');
                }
            }
        }
    }

    String glyph(AreaLine.Health h) {
        return glyph(h, colour);
    }

    /** The glyph of a line or finding, coloured where the output is a terminal that wants colour. */
    public static String glyph(AreaLine.Health h, boolean colour) {
        String g = switch (h) {
            case OK -> "[\u2713]";
            case WARNING -> "[!]";
            case PROBLEM -> "[\u2717]";
            case INFO -> "[\u00b7]";
        };
        if (!colour) {
            return g;
        }
        String c = switch (h) {
            case OK -> "\u001b[32m";
            case WARNING -> "\u001b[33m";
            case PROBLEM -> "\u001b[31m";
            case INFO -> "\u001b[2m";
        };
        return c + g + RESET;
    }
}
