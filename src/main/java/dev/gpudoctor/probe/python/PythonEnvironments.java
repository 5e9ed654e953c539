package dev.gpudoctor.probe.python;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.PythonFacts.PythonEnv;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.libs.NoneFound;
import dev.gpudoctor.probe.libs.PathWalk;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Python environments of a host, found without running an interpreter: PATH, VIRTUAL_ENV,
 * CONDA_PREFIX, --python, conda's envs directories and the distribution's own dist-packages.
 * Computed once per run; the dnn and linker probes read the same list.
 */
public final class PythonEnvironments {

    private static final Pattern PYTHON_DIR = Pattern.compile("python(\\d+\\.\\d+)t?");

    /** One place to look: a prefix and its site directory, with every way it was found. */
    private record Candidate(String prefix, String site, String pythonVersion, String kind, Set<String> foundBy) {
    }

    private PythonEnvironments() {
    }

    /** Every environment, one per site directory, in the order found. */
    public static Fact<List<PythonEnv>> find(ProbeContext ctx) {
        return ctx.shared("python-envs", () -> discover(ctx));
    }

    static Fact<List<PythonEnv>> discover(ProbeContext ctx) {
        HostFiles files = ctx.host().files();
        Map<String, Candidate> found = new LinkedHashMap<>();
        for (String dir : PathWalk.dirs(ctx)) {
            if (dir.endsWith("/bin") && dir.length() > 4) {
                prefix(files, found, dir.substring(0, dir.length() - 4), "PATH");
            }
        }
        ctx.env("VIRTUAL_ENV").ifPresent(p -> prefix(files, found, p, "VIRTUAL_ENV"));
        ctx.env("CONDA_PREFIX").ifPresent(p -> prefix(files, found, p, "CONDA_PREFIX"));
        for (String python : ctx.extraPythons()) {
            // An interpreter's prefix is two levels up (PREFIX/bin/python3), before links are
            // followed: a venv's python is a link to the base interpreter.
            prefix(files, found, parent(parent(python)), "--python " + python);
        }
        for (String base : condaBases(ctx)) {
            prefix(files, found, base, "conda base");
            for (DirEntry e : files.list(base + "/envs").orElse(List.of())) {
                prefix(files, found, base + "/envs/" + e.name(), "conda envs directory " + base + "/envs");
            }
        }
        system(files, found);
        List<PythonEnv> envs = new ArrayList<>();
        for (Candidate c : found.values()) {
            envs.add(EnvContents.read(files, c.prefix(), c.kind(), new ArrayList<>(c.foundBy()), c.pythonVersion(), c.site()));
        }
        return NoneFound.asAbsent(Fact.found(List.copyOf(envs), Evidence.derived(
                "PATH, VIRTUAL_ENV, CONDA_PREFIX, --python, conda envs, system dist-packages")),
                "no Python environment with a site-packages directory");
    }

    /** Adds a prefix if it has lib/pythonX.Y/site-packages; merges with one already found. */
    private static void prefix(HostFiles files, Map<String, Candidate> found, String prefix, String how) {
        if (!prefix.startsWith("/")) {
            return;
        }
        String real = files.realPath(prefix).orElse(null);
        if (real == null) {
            return;
        }
        for (DirEntry e : files.list(real + "/lib").orElse(List.of())) {
            Matcher m = PYTHON_DIR.matcher(e.name());
            String site = real + "/lib/" + e.name() + "/site-packages";
            if (m.matches() && files.isDirectory(site)) {
                add(found, new Candidate(real, site, m.group(1), kind(files, real), new LinkedHashSet<>()), how);
            }
        }
    }

    /** Debian's /usr/lib/python3/dist-packages and /usr/local/lib/pythonX.Y/dist-packages. */
    private static void system(HostFiles files, Map<String, Candidate> found) {
        if (files.isDirectory("/usr/lib/python3/dist-packages")) {
            add(found, new Candidate("/usr", "/usr/lib/python3/dist-packages", newestPython(files, "/usr/lib").orElse(null),
                    "system", new LinkedHashSet<>()), "system dist-packages");
        }
        for (DirEntry e : files.list("/usr/local/lib").orElse(List.of())) {
            Matcher m = PYTHON_DIR.matcher(e.name());
            String site = "/usr/local/lib/" + e.name() + "/dist-packages";
            if (m.matches() && files.isDirectory(site)) {
                add(found, new Candidate("/usr/local", site, m.group(1), "system", new LinkedHashSet<>()),
                        "system dist-packages");
            }
        }
    }

    private static void add(Map<String, Candidate> found, Candidate c, String how) {
        found.computeIfAbsent(c.site(), k -> c).foundBy().add(how);
    }

    /** The conda installations named by CONDA_EXE / CONDA_PREFIX, and the usual install places. */
    static List<String> condaBases(ProbeContext ctx) {
        Set<String> bases = new LinkedHashSet<>();
        ctx.env("CONDA_EXE").ifPresent(exe -> bases.add(parent(parent(exe))));
        ctx.env("CONDA_PREFIX").ifPresent(p -> {
            String up = parent(p);
            bases.add(up.endsWith("/envs") ? parent(up) : p);
        });
        bases.add("/opt/conda");
        ctx.env("HOME").ifPresent(home -> {
            for (String d : new String[] {"miniconda3", "anaconda3", "miniforge3", "mambaforge"}) {
                bases.add(home + "/" + d);
            }
        });
        return List.copyOf(bases);
    }

    private static String kind(HostFiles files, String prefix) {
        if (files.exists(prefix + "/pyvenv.cfg")) {
            return "venv";
        }
        if (files.isDirectory(prefix + "/conda-meta")) {
            return "conda";
        }
        return prefix.equals("/usr") || prefix.equals("/usr/local") ? "system" : "prefix";
    }

    private static Optional<String> newestPython(HostFiles files, String dir) {
        return files.list(dir).orElse(List.of()).stream().map(e -> PYTHON_DIR.matcher(e.name()))
                .filter(Matcher::matches).map(m -> m.group(1))
                .max((a, b) -> dev.gpudoctor.fact.Version.of(a).compareTo(dev.gpudoctor.fact.Version.of(b)));
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
