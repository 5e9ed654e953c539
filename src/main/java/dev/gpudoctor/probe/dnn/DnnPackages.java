package dev.gpudoctor.probe.dnn;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.DnnFacts.Install;
import dev.gpudoctor.fact.section.PythonFacts.PythonEnv;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.packages.InstalledPackage;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Installs that package managers record: dpkg, rpm, pip wheels and conda. */
final class DnnPackages {

    private static final Pattern CUDA_IN_VERSION = Pattern.compile("\\+cuda(\\d+)");

    private DnnPackages() {
    }

    static List<Install> system(HostFiles files, DnnSpec spec, List<InstalledPackage> packages) {
        List<Install> out = new ArrayList<>();
        for (InstalledPackage p : packages) {
            Matcher m = spec.packageName().matcher(p.name());
            if (!m.matches()) {
                continue;
            }
            Integer cuda = m.group("cuda") != null ? Integer.valueOf(m.group("cuda")) : cudaFromVersion(p.version());
            out.add(new Install(p.upstream().orElse(null), libraryDir(files, spec, p), p.manager(),
                    p.name() + " " + p.version(), cuda, List.of(p.evidence())));
        }
        return out;
    }

    /** libcudnn8 "8.9.7.29-1+cuda12.2" was built for CUDA 12. */
    private static Integer cudaFromVersion(String version) {
        Matcher m = CUDA_IN_VERSION.matcher(version);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /**
     * Where the package put its library: the dpkg file list when readable, else the multiarch
     * directory of its architecture (where NVIDIA's .deb files install), else /usr/lib64 for rpm.
     */
    private static String libraryDir(HostFiles files, DnnSpec spec, InstalledPackage p) {
        if (p.manager().equals("rpm")) {
            return "/usr/lib64";
        }
        String arch = p.architecture();
        for (String list : new String[] {p.name() + ":" + arch + ".list", p.name() + ".list"}) {
            Fact<String> text = files.readText("/var/lib/dpkg/info/" + list);
            for (String line : text.orElse("").split("\\R")) {
                int slash = line.lastIndexOf('/');
                if (slash > 0 && line.substring(slash + 1).startsWith(spec.libStem() + ".so")) {
                    return files.realPath(line.substring(0, slash)).orElse(line.substring(0, slash));
                }
            }
        }
        String triplet = "arm64".equals(arch) ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        String dir = "/usr/lib/" + triplet;
        return files.realPath(dir).orElse(dir);
    }

    static List<Install> pip(DnnSpec spec, List<PythonEnv> envs) {
        List<Install> out = new ArrayList<>();
        for (PythonEnv env : envs) {
            env.packages().forEach((name, version) -> {
                Matcher m = spec.pipName().matcher(name);
                if (m.matches()) {
                    Integer cuda = m.group("cuda") != null ? Integer.valueOf(m.group("cuda")) : null;
                    out.add(new Install(version, env.sitePackages() + "/" + spec.wheelLibDir(), "pip", name, cuda,
                            List.of(Evidence.directory(env.sitePackages(), 0))));
                }
            });
        }
        return out;
    }

    /** conda-meta/cudnn-8.9.2.26-cuda12_0.json in every conda environment. */
    static List<Install> conda(HostFiles files, DnnSpec spec, List<PythonEnv> envs) {
        List<Install> out = new ArrayList<>();
        for (PythonEnv env : envs) {
            if (!"conda".equals(env.kind())) {
                continue;
            }
            String meta = env.prefix() + "/conda-meta";
            for (DirEntry e : files.list(meta).orElse(List.of())) {
                if (!e.name().endsWith(".json") || spec.condaNames().stream().noneMatch(n -> e.name().startsWith(n + "-"))) {
                    continue;
                }
                Fact<CondaMeta.CondaPackage> p = files.readText(meta + "/" + e.name()).flatMap(CondaMeta::parse);
                if (p.isFound() && spec.condaNames().contains(p.value().name())) {
                    out.add(new Install(Version.find(p.value().version()).orElse(null), env.prefix() + "/lib", "conda",
                            p.value().name() + " " + p.value().version(), null, p.evidence()));
                }
            }
        }
        return out;
    }
}
