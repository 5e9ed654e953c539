package dev.gpudoctor.report;

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
        AreaLine.Health worst = Summary.worst(lines);
        b.append('\n').append(switch (worst) {
            case PROBLEM -> "Problems found.";
            case WARNING -> "Warnings found, no problem.";
            default -> "No problem found.";
        });
        if (!verbose) {
            b.append(" Run with -v for the facts and where each was read.");
        }
        b.append('\n');
        return b.toString();
    }

    private String glyph(AreaLine.Health h) {
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
