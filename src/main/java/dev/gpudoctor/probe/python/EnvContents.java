package dev.gpudoctor.probe.python;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.PythonFacts.OnnxruntimeBuild;
import dev.gpudoctor.fact.section.PythonFacts.PythonEnv;
import dev.gpudoctor.fact.section.PythonFacts.TensorflowBuild;
import dev.gpudoctor.fact.section.PythonFacts.TorchBuild;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What one environment holds: its GPU-relevant distributions and the frameworks' build facts. */
final class EnvContents {

    private EnvContents() {
    }

    static PythonEnv read(HostFiles files, String prefix, String kind, List<String> foundBy, String pythonVersion,
                          String site) {
        Map<String, String> raw = distributions(files, site);
        Map<String, Version> packages = new TreeMap<>();
        raw.forEach((name, v) -> DistInfo.release(v).ifPresent(x -> packages.put(name, x)));
        return new PythonEnv(prefix, kind, foundBy, pythonVersion, site, packages,
                torch(files, site), tensorflow(files, site, raw), onnxruntime(files, site, raw));
    }

    /** GPU-relevant distribution name -> version as METADATA (or else the directory name) says. */
    static Map<String, String> distributions(HostFiles files, String site) {
        Map<String, String> out = new LinkedHashMap<>();
        for (DirEntry e : files.list(site).orElse(List.of())) {
            DistInfo.fromDirName(e.name()).filter(d -> DistInfo.isGpuRelevant(d.name())).ifPresent(d -> {
                String v = files.readText(site + "/" + e.name() + "/METADATA").get()
                        .flatMap(DistInfo::metadataVersion).orElse(d.version());
                out.putIfAbsent(d.name(), v);
            });
        }
        return out;
    }

    private static Fact<TorchBuild> torch(HostFiles files, String site) {
        Fact<String> text = files.readText(site + "/torch/version.py");
        if (text.status() == dev.gpudoctor.fact.Status.ABSENT) {
            return Fact.absent("torch is not installed here", text.evidence());
        }
        return text.flatMap(FrameworkBuilds::torch);
    }

    private static Fact<TensorflowBuild> tensorflow(HostFiles files, String site, Map<String, String> raw) {
        String version = raw.entrySet().stream()
                .filter(e -> e.getKey().startsWith("tensorflow") || e.getKey().equals("tf-nightly"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Fact<String> text = files.readText(site + "/tensorflow/python/platform/build_info.py");
        if (text.status() == dev.gpudoctor.fact.Status.ABSENT) {
            return Fact.absent(version == null ? "tensorflow is not installed here"
                    : "tensorflow " + version + " has no build_info.py", text.evidence());
        }
        return text.flatMap(t -> FrameworkBuilds.tensorflow(t, version));
    }

    private static Fact<OnnxruntimeBuild> onnxruntime(HostFiles files, String site, Map<String, String> raw) {
        String version = raw.entrySet().stream().filter(e -> e.getKey().startsWith("onnxruntime"))
                .map(Map.Entry::getValue).findFirst().orElse(null);
        Fact<String> text = files.readText(site + "/onnxruntime/capi/version_info.py");
        if (text.status() == dev.gpudoctor.fact.Status.ABSENT) {
            if (version == null) {
                return Fact.absent("onnxruntime is not installed here", text.evidence());
            }
            // Installed, but without build info: the distribution alone tells the version.
            List<Evidence> ev = new java.util.ArrayList<>(text.evidence());
            ev.add(Evidence.directory(site, 0));
            return Fact.found(new OnnxruntimeBuild(version, null, null), ev);
        }
        return text.flatMap(t -> FrameworkBuilds.onnxruntime(t, version));
    }
}
