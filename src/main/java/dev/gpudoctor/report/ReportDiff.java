package dev.gpudoctor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What differs between two reports of hosts ("it worked yesterday", "node 17 differs from node 3"):
 * the stack as key -> value (driver, GPUs, toolkits, each cuDNN/TensorRT/NCCL copy, each framework,
 * the copy each framework loads) and the findings by code. Timings and evidence are left out:
 * they differ on every run and say nothing about the stack.
 */
public final class ReportDiff {

    /** One key whose value differs; a null side is "not there". */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Change(String key, String a, String b) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String a, String b, List<Change> changes, List<String> findingsOnlyInA, List<String> findingsOnlyInB,
                         int same) {
        public boolean identical() {
            return changes.isEmpty() && findingsOnlyInA.isEmpty() && findingsOnlyInB.isEmpty();
        }
    }

    private ReportDiff() {
    }

    public static Result of(String nameA, Report a, String nameB, Report b) {
        Map<String, String> sa = stack(a.facts());
        Map<String, String> sb = stack(b.facts());
        TreeSet<String> keys = new TreeSet<>(sa.keySet());
        keys.addAll(sb.keySet());
        List<Change> changes = new ArrayList<>();
        int same = 0;
        for (String k : keys) {
            String x = sa.get(k);
            String y = sb.get(k);
            if (x == null ? y == null : x.equals(y)) {
                same++;
            } else {
                changes.add(new Change(k, x, y));
            }
        }
        TreeSet<String> fa = codes(a);
        TreeSet<String> fb = codes(b);
        return new Result(nameA, nameB, changes, fa.stream().filter(c -> !fb.contains(c)).toList(),
                fb.stream().filter(c -> !fa.contains(c)).toList(), same);
    }

    private static TreeSet<String> codes(Report r) {
        TreeSet<String> out = new TreeSet<>();
        for (Finding f : r.findings()) {
            out.add(f.code() + " (" + f.severity().name().toLowerCase(java.util.Locale.ROOT) + "): " + f.title());
        }
        return out;
    }

    /** The stack of a host as comparable key -> value pairs. */
    public static Map<String, String> stack(HostFacts f) {
        Map<String, String> s = new LinkedHashMap<>();
        f.runningDriver().ifPresent(d -> s.put("driver", d.toString()));
        f.cudaCeiling().ifPresent(c -> s.put("driver CUDA ceiling", c.toString()));
        if (f.system() != null) {
            f.system().os().get().ifPresent(o -> s.put("os", o.prettyName()));
            f.system().kernel().get().ifPresent(k -> s.put("kernel", k.release()));
        }
        List<DriverFacts.SmiGpu> gpus = f.smiGpus();
        s.put("GPUs", String.valueOf(gpus.size()));
        Map<String, Integer> names = new TreeMap<>();
        gpus.forEach(g -> names.merge(g.name(), 1, Integer::sum));
        names.forEach((n, c) -> s.put("GPU " + n, c + "x"));
        if (f.cuda() != null) {
            for (CudaFacts.Toolkit t : f.cuda().toolkits().orElse(List.of())) {
                s.put("toolkit " + t.home(), t.version() == null ? "?" : t.version().toString());
            }
            f.cuda().defaultToolkitLink().get().ifPresent(l -> s.put("/usr/local/cuda", l));
        }
        if (f.dnn() != null) {
            copies(s, "cuDNN", f.dnn().cudnn());
            copies(s, "TensorRT", f.dnn().tensorrt());
            copies(s, "NCCL", f.dnn().nccl());
        }
        if (f.python() != null) {
            for (PythonFacts.PythonEnv e : f.python().environments().orElse(List.of())) {
                e.torch().get().ifPresent(t -> s.put("torch in " + e.prefix(), t.version()));
                e.tensorflow().get().ifPresent(t -> s.put("tensorflow in " + e.prefix(), t.version()));
                e.onnxruntime().get().ifPresent(t -> s.put("onnxruntime in " + e.prefix(), t.version()));
            }
        }
        if (f.linker() != null) {
            for (LinkerFacts.Resolution r : f.linker().resolutions().orElse(List.of())) {
                for (LinkerFacts.Dependency d : r.dependencies()) {
                    s.put(r.framework() + " (" + r.environment() + ") loads " + d.soname(), d.resolvedPath() == null ? "not found"
                            : d.resolvedPath() + (d.version() == null ? "" : " (" + d.version() + ")"));
                }
            }
        }
        return s;
    }

    private static void copies(Map<String, String> s, String what, dev.gpudoctor.fact.Fact<List<DnnFacts.Install>> fact) {
        Map<String, Version> byLocation = new TreeMap<>();
        for (DnnFacts.Install i : fact.orElse(List.of())) {
            // The most precise version said of a copy (the package's 9.14.0.64 over the file name's 9).
            byLocation.merge(i.location(), i.version(), (x, y) -> y.toString().length() > x.toString().length() ? y : x);
        }
        byLocation.forEach((loc, v) -> s.put(what + " " + loc, v.toString()));
    }

    public static String text(Result r) {
        StringBuilder s = new StringBuilder("A: " + r.a() + "\nB: " + r.b() + "\n");
        if (r.identical()) {
            return s.append("\nThe same stack and findings (").append(r.same()).append(" items compared).\n").toString();
        }
        if (!r.changes().isEmpty()) {
            s.append("\nDifferences (").append(r.changes().size()).append(", ").append(r.same()).append(" items the same):\n");
            int w = r.changes().stream().mapToInt(c -> c.key().length()).max().orElse(10);
            for (Change c : r.changes()) {
                s.append(String.format("  %-" + w + "s  %s  ->  %s%n", c.key(), c.a() == null ? "(none)" : c.a(), c.b() == null ? "(none)" : c.b()));
            }
        }
        if (!r.findingsOnlyInA().isEmpty()) {
            s.append("\nFindings only in A:\n");
            r.findingsOnlyInA().forEach(x -> s.append("  ").append(x).append('\n'));
        }
        if (!r.findingsOnlyInB().isEmpty()) {
            s.append("\nFindings only in B:\n");
            r.findingsOnlyInB().forEach(x -> s.append("  ").append(x).append('\n'));
        }
        return s.toString();
    }

    public static String markdown(Result r) {
        StringBuilder s = new StringBuilder("### gpu-doctor diff\nA: `" + r.a() + "`  \nB: `" + r.b() + "`\n\n");
        if (r.identical()) {
            return s.append("The same stack and findings (").append(r.same()).append(" items compared).\n").toString();
        }
        s.append("| | A | B |\n| --- | --- | --- |\n");
        for (Change c : r.changes()) {
            s.append("| ").append(cell(c.key())).append(" | ").append(cell(c.a())).append(" | ").append(cell(c.b())).append(" |\n");
        }
        r.findingsOnlyInA().forEach(x -> s.append("| finding | ").append(cell(x)).append(" | |\n"));
        r.findingsOnlyInB().forEach(x -> s.append("| finding | | ").append(cell(x)).append(" |\n"));
        return s.toString();
    }

    private static String cell(String v) {
        return v == null ? "(none)" : v.replace("|", "\\|").replace("\n", " ");
    }
}
