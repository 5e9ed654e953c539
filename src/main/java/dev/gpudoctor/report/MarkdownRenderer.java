package dev.gpudoctor.report;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.fact.section.AreaLine;
import java.util.List;

/** The report as markdown, for pasting into an issue: a table of areas, details in a fold. */
public final class MarkdownRenderer {

    public String render(Report report) {
        StringBuilder b = new StringBuilder();
        b.append("### gpu-doctor report\n\n");
        b.append("`").append(report.tool().name()).append(' ').append(report.tool().version()).append("` on ")
                .append(escape(report.host().description()));
        if (report.host().capturedAt() != null) {
            b.append(", captured ").append(report.host().capturedAt());
        }
        b.append("\n\n| | Area | Summary |\n|---|---|---|\n");
        List<AreaLine> lines = Summary.lines(report);
        for (AreaLine l : lines) {
            b.append("| ").append(switch (l.health()) {
                case OK -> "\u2705";
                case WARNING -> "\u26a0\ufe0f";
                case PROBLEM -> "\u274c";
                case INFO -> "\u2139\ufe0f";
            }).append(" | ").append(escape(l.area())).append(" | ").append(escape(l.headline())).append(" |\n");
        }
        if (!report.findings().isEmpty()) {
            b.append("\n| | Finding | Code | Fix |\n|---|---|---|---|\n");
            for (Finding x : report.findings()) {
                b.append("| ").append(switch (x.severity()) {
                    case ERROR -> "\u274c";
                    case WARNING -> "\u26a0\ufe0f";
                    case INFO -> "\u2139\ufe0f";
                }).append(" | ").append(escape(x.title())).append(" | `").append(x.code()).append("` | ")
                        .append(escape(String.join("; ", x.fixes().stream().map(Fix::summary).toList()))).append(" |\n");
            }
        }
        b.append("\n<details><summary>Facts and where each was read</summary>\n\n");
        for (AreaLine l : lines) {
            if (l.details().isEmpty()) {
                continue;
            }
            b.append("**").append(escape(l.area())).append("**\n\n```\n");
            l.details().forEach(d -> b.append(d.replace("```", "'''")).append('\n'));
            b.append("```\n\n");
        }
        b.append("</details>\n");
        return b.toString();
    }

    private static String escape(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }
}
