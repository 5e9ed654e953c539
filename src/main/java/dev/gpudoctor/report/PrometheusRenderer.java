package dev.gpudoctor.report;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.DriverFacts;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A report as a node_exporter textfile (Prometheus text exposition format 0.0.4): versions as
 * labels of "_info" gauges whose value is 1, findings counted by severity and listed by code, and
 * how long the check took. Names follow Prometheus conventions (a gpu_doctor_ prefix, base units,
 * _seconds); every family has HELP and TYPE.
 */
public final class PrometheusRenderer {

    public String render(Report r) {
        HostFacts f = r.facts();
        StringBuilder s = new StringBuilder();
        family(s, "gpu_doctor_info", "gpu-doctor itself: its version and the report schema it wrote (always 1).",
                List.of(sample(labels("version", r.tool() == null ? null : r.tool().version(), "report_schema",
                        String.valueOf(r.schemaVersion())), 1)));
        List<String> driver = new java.util.ArrayList<>();
        f.runningDriver().ifPresent(d -> driver.add(sample(labels("driver_version", d.toString(), "cuda_version",
                f.cudaCeiling().map(Version::toString).orElse("")), 1)));
        family(s, "gpu_doctor_driver_info", "The running NVIDIA driver and the CUDA version it supports (1; absent without a driver).",
                driver);
        List<DriverFacts.SmiGpu> gpus = f.smiGpus();
        family(s, "gpu_doctor_gpus", "NVIDIA GPUs nvidia-smi reports.", List.of(sample(Map.of(), gpus.size())));
        List<String> gpuInfo = new java.util.ArrayList<>();
        for (int i = 0; i < gpus.size(); i++) {
            if (gpus.get(i) == null) {
                continue;
            }
            gpuInfo.add(sample(labels("index", String.valueOf(i), "name", gpus.get(i).name(), "pci_bus_id", gpus.get(i).pciBusId()), 1));
        }
        family(s, "gpu_doctor_gpu_info", "Each GPU nvidia-smi reports (1).", gpuInfo);
        List<String> toolkits = new java.util.ArrayList<>();
        if (f.cuda() != null) {
            for (CudaFacts.Toolkit t : f.cuda().toolkits().orElse(List.of())) {
                if (t == null) {
                    continue;
                }
                toolkits.add(sample(labels("version", t.version() == null ? "" : t.version().toString(), "home", t.home()), 1));
            }
        }
        family(s, "gpu_doctor_cuda_toolkit_info", "Each CUDA toolkit installed (1).", toolkits);
        family(s, "gpu_doctor_cudnn_info", "Each cuDNN copy installed, one per location (1).", installs(f.dnn() == null ? null : f.dnn().cudnn()));
        family(s, "gpu_doctor_tensorrt_info", "Each TensorRT copy installed, one per location (1).",
                installs(f.dnn() == null ? null : f.dnn().tensorrt()));
        Map<Severity, Integer> counts = new LinkedHashMap<>();
        for (Severity sev : Severity.values()) {
            counts.put(sev, 0);
        }
        r.findings().stream().filter(x -> x.severity() != null).forEach(x -> counts.merge(x.severity(), 1, Integer::sum));
        List<String> bySeverity = new java.util.ArrayList<>();
        counts.forEach((sev, n) -> bySeverity.add(sample(Map.of("severity", word(sev)), n)));
        family(s, "gpu_doctor_findings", "Findings of the check, by severity.", bySeverity);
        TreeSet<String> codes = new TreeSet<>();
        for (Finding x : r.findings()) {
            if (x.severity() == null) {
                continue;
            }
            codes.add(sample(labels("code", x.code(), "severity", word(x.severity())), 1));
        }
        family(s, "gpu_doctor_finding", "Each finding code of the check (1), with its severity.", List.copyOf(codes));
        family(s, "gpu_doctor_check_ok", "1 when the check found no error, else 0.",
                List.of(sample(Map.of(), r.findings().stream().noneMatch(x -> x.severity() == Severity.ERROR) ? 1 : 0)));
        family(s, "gpu_doctor_check_duration_seconds", "How long the examination took.",
                List.of(sample(Map.of(), r.elapsedMs() / 1000.0)));
        family(s, "gpu_doctor_last_check_timestamp_seconds", "When the report was written (Unix time).", timestamp(r.generatedAt()));
        return s.toString();
    }

    /** A saved report re-rendered may carry no time, or a damaged one: then the family has no sample. */
    private static List<String> timestamp(String generatedAt) {
        try {
            return List.of(sample(Map.of(), Instant.parse(generatedAt).getEpochSecond()));
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    private static List<String> installs(dev.gpudoctor.fact.Fact<List<DnnFacts.Install>> fact) {
        if (fact == null) {
            return List.of();
        }
        // One sample per location: the header, the library and the package of one copy say the same version.
        Map<String, String> byLocation = new LinkedHashMap<>();
        for (DnnFacts.Install i : fact.orElse(List.of())) {
            if (i != null && i.version() != null && i.location() != null) {
                byLocation.merge(i.location(), i.version().toString(), (a, b) -> b.length() > a.length() ? b : a);
            }
        }
        TreeSet<String> out = new TreeSet<>();
        byLocation.forEach((loc, v) -> out.add(sample(labels("version", v, "location", loc), 1)));
        return List.copyOf(out);
    }

    private static void family(StringBuilder s, String name, String help, List<String> samples) {
        s.append("# HELP ").append(name).append(' ').append(help).append('\n');
        s.append("# TYPE ").append(name).append(" gauge\n");
        samples.forEach(x -> s.append(name).append(x).append('\n'));
    }

    private static Map<String, String> labels(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1] == null ? "" : kv[i + 1]);
        }
        return m;
    }

    private static String sample(Map<String, String> labels, double value) {
        StringBuilder s = new StringBuilder();
        if (!labels.isEmpty()) {
            s.append('{');
            boolean first = true;
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(labels).entrySet()) {
                s.append(first ? "" : ",").append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
                first = false;
            }
            s.append('}');
        }
        return s.append(' ').append(value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value)
                : String.format(Locale.ROOT, "%.3f", value)).toString();
    }

    /** Label values escape backslash, double quote and line feed, as the text format requires. */
    static String escape(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String word(Severity s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}
