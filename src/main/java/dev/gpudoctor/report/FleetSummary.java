package dev.gpudoctor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.diagnosis.Finding;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Many hosts in one table: one row a report (host, GPUs, driver, CUDA, cuDNN, TensorRT, frameworks,
 * worst finding), the groups of hosts whose stacks are identical, and how many hosts have each
 * finding code. Findings are the ones saved in each report, so that ten thousand reports read in
 * seconds; diagnose re-checks one with this version's rules.
 */
public final class FleetSummary {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Row(String file, String host, String gpus, String driver, String cuda, String cudnn, String tensorrt,
                      String frameworks, String worst, String stackId, String error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(int reports, int unreadable, List<Row> rows, Map<String, List<String>> identicalStacks,
                         Map<String, Integer> findingCodes) {
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties({"pci", "container", "natives", "copies", "deep"})
    private abstract static class ShownSections {
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties("evidence")
    private abstract static class WithoutEvidence {
    }

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties("probes")
    private abstract static class WithoutProbes {
    }

    /**
     * Reads of a saved report what {@link #row} shows: the findings and the sections of the stack,
     * without the facts' evidence, the probe runs and the sections no column shows. About a third
     * less to bind for each of a fleet's reports, which binding dominates; FleetSummaryTest checks
     * that every fixture host's row is the same as from the whole report.
     */
    private static final com.fasterxml.jackson.databind.ObjectReader READER = Json.mapper().copy()
            .addMixIn(dev.gpudoctor.fact.HostFacts.class, ShownSections.class)
            .addMixIn(dev.gpudoctor.fact.Fact.class, WithoutEvidence.class)
            .addMixIn(Report.class, WithoutProbes.class)
            .readerFor(Report.class);

    /** Compiled once: String.matches compiled it again for every key of every report. */
    private static final java.util.regex.Pattern FRAMEWORK = java.util.regex.Pattern.compile("(torch|tensorflow|onnxruntime) in .*");

    private FleetSummary() {
    }

    /** The reader for the reports to summarize: only what a row shows (see {@link #READER}). */
    public static com.fasterxml.jackson.databind.ObjectReader reader() {
        return READER;
    }

    public static Row row(String file, Report r) {
        Map<String, String> stack = ReportDiff.stack(r.facts());
        String gpus = stack.entrySet().stream().filter(e -> e.getKey().startsWith("GPU ")).map(e -> e.getValue() + " " + e.getKey()
                .substring(4)).reduce((a, b) -> a + ", " + b).orElse("none");
        String cudnn = values(stack, "cuDNN ");
        String trt = values(stack, "TensorRT ");
        String frameworks = stack.entrySet().stream().filter(e -> FRAMEWORK.matcher(e.getKey()).matches())
                .map(e -> e.getKey().substring(0, e.getKey().indexOf(' ')) + " " + e.getValue()).distinct().sorted()
                .reduce((a, b) -> a + ", " + b).orElse("");
        String worst = r.findings().stream().min(Comparator.comparing(Finding::severity))
                .map(f -> f.severity().name().toLowerCase(java.util.Locale.ROOT) + " " + f.code()).orElse("none");
        // The stack without where it runs: two hosts with the same software and GPUs group together.
        Map<String, String> key = new TreeMap<>(stack);
        key.remove("kernel");
        String stackId = Integer.toHexString(key.toString().hashCode());
        return new Row(file, r.host().description(), gpus, stack.getOrDefault("driver", "none"),
                stack.getOrDefault("driver CUDA ceiling", ""), cudnn, trt, frameworks, worst, stackId, null);
    }

    public static Row unreadable(String file, String why) {
        return new Row(file, null, null, null, null, null, null, null, null, null, why);
    }

    private static String values(Map<String, String> stack, String prefix) {
        return stack.entrySet().stream().filter(e -> e.getKey().startsWith(prefix)).map(Map.Entry::getValue).distinct().sorted()
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    public static Result of(List<Row> rows, List<List<Finding>> findings) {
        Map<String, List<String>> groups = new TreeMap<>();
        Map<String, Integer> codes = new TreeMap<>();
        int unreadable = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.error() != null) {
                unreadable++;
                continue;
            }
            groups.computeIfAbsent(row.stackId(), k -> new ArrayList<>()).add(row.file());
            findings.get(i).stream().map(Finding::code).distinct().forEach(c -> codes.merge(c, 1, Integer::sum));
        }
        return new Result(rows.size(), unreadable, rows, groups, codes);
    }

    public static String text(Result r) {
        StringBuilder s = new StringBuilder();
        s.append(String.format("%-28s %-26s %-12s %-6s %-22s %-10s %-26s %s%n", "report", "GPUs", "driver", "CUDA", "cuDNN", "TensorRT",
                "frameworks", "worst finding"));
        for (Row row : r.rows()) {
            if (row.error() != null) {
                s.append(String.format("%-28s unreadable: %s%n", cut(row.file(), 28), row.error()));
                continue;
            }
            s.append(String.format("%-28s %-26s %-12s %-6s %-22s %-10s %-26s %s%n", cut(row.file(), 28), cut(row.gpus(), 26), row.driver(),
                    row.cuda(), cut(row.cudnn(), 22), cut(row.tensorrt(), 10), cut(row.frameworks(), 26), row.worst()));
        }
        s.append("\n").append(r.reports()).append(" report(s), ").append(r.unreadable()).append(" unreadable, ")
                .append(r.identicalStacks().size()).append(" distinct stack(s)\n");
        r.identicalStacks().forEach((id, files) -> s.append("  stack ").append(id).append(": ").append(files.size()).append(" host(s)")
                .append(files.size() <= 5 ? " " + files : "").append('\n'));
        if (!r.findingCodes().isEmpty()) {
            s.append("\nHosts per finding code:\n");
            r.findingCodes().forEach((c, n) -> s.append(String.format("  %-40s %d%n", c, n)));
        }
        return s.toString();
    }

    public static String csv(Result r) {
        StringBuilder s = new StringBuilder("report,host,gpus,driver,cuda,cudnn,tensorrt,frameworks,worst,stack,error\n");
        for (Row row : r.rows()) {
            s.append(String.join(",", List.of(q(row.file()), q(row.host()), q(row.gpus()), q(row.driver()), q(row.cuda()), q(row.cudnn()),
                    q(row.tensorrt()), q(row.frameworks()), q(row.worst()), q(row.stackId()), q(row.error())))).append('\n');
        }
        return s.toString();
    }

    /** RFC 4180 quoting: every field quoted, quotes doubled. */
    private static String q(String v) {
        return v == null ? "" : "\"" + v.replace("\"", "\"\"") + "\"";
    }

    private static String cut(String v, int n) {
        return v == null ? "" : v.length() <= n ? v : v.substring(0, n - 1) + "~";
    }
}
