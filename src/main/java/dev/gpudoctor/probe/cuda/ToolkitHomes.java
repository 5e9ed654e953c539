package dev.gpudoctor.probe.cuda;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.libs.PathWalk;
import dev.gpudoctor.probe.packages.InstalledPackage;
import dev.gpudoctor.probe.packages.SystemPackages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where CUDA toolkits are installed, found every way a user or a build finds one: the
 * /usr/local/cuda* directories, CUDA_HOME and CUDA_PATH, nvcc on PATH, and the toolkit packages.
 * One home per real directory, with every way it was found. Shared with the dnn probe.
 */
public final class ToolkitHomes {

    private static final Pattern LOCAL_NAME = Pattern.compile("cuda(-\\d+(\\.\\d+)?)?");
    static final Pattern PACKAGE = Pattern.compile("cuda-(toolkit|nvcc|cudart|libraries)-(\\d+)-(\\d+)");

    /** One toolkit directory (its real path) and how it was found. */
    public record Home(String path, List<String> foundBy) {
        public Home {
            foundBy = List.copyOf(foundBy);
        }
    }

    /** The homes, and the two lookups the cuda section reports on their own. */
    public record Found(List<Home> homes, Fact<String> cudaHomeVariable, Fact<String> nvccOnPath) {
        public Found {
            homes = List.copyOf(homes);
        }
    }

    private ToolkitHomes() {
    }

    public static Found find(ProbeContext ctx) {
        return ctx.shared("cuda-toolkit-homes", () -> discover(ctx));
    }

    static Found discover(ProbeContext ctx) {
        HostFiles files = ctx.host().files();
        Map<String, Set<String>> homes = new LinkedHashMap<>();
        for (DirEntry e : files.list("/usr/local").orElse(List.of())) {
            if (LOCAL_NAME.matcher(e.name()).matches()) {
                addIfDirectory(files, homes, "/usr/local/" + e.name(), "/usr/local/" + e.name());
            }
        }
        Fact<String> cudaHome = variable(ctx, "CUDA_HOME");
        for (String var : new String[] {"CUDA_HOME", "CUDA_PATH"}) {
            ctx.env(var).filter(v -> v.startsWith("/")).ifPresent(v -> addIfDirectory(files, homes, v, var));
        }
        Fact<String> nvcc = PathWalk.which(ctx, "nvcc");
        nvcc.get().ifPresent(p -> files.realPath(p).get().ifPresent(real -> {
            // bin/nvcc's home is two levels up from the real file: a link in /usr/bin leads there too.
            String home = parent(parent(real));
            if (!looksLikeToolkit(files, home)) {
                // A wrapper script (/usr/local/bin/nvcc: exec /usr/local/cuda-13.0/bin/nvcc "$@") names the real one.
                home = wrappedNvcc(files, real).map(w -> parent(parent(w))).orElse(null);
            }
            if (home != null && looksLikeToolkit(files, home)) {
                homes.computeIfAbsent(files.realPath(home).orElse(home), k -> new LinkedHashSet<>())
                        .add("nvcc on PATH (" + p + ")");
            }
        }));
        for (InstalledPackage p : SystemPackages.find(ctx).all()) {
            Matcher m = PACKAGE.matcher(p.name());
            if (m.matches()) {
                String dir = "/usr/local/cuda-" + m.group(2) + "." + m.group(3);
                String real = files.realPath(dir).orElse(dir);
                homes.computeIfAbsent(real, k -> new LinkedHashSet<>()).add(p.manager() + " " + p.name());
            }
        }
        List<Home> out = new ArrayList<>();
        homes.forEach((path, by) -> out.add(new Home(path, new ArrayList<>(by))));
        return new Found(out, cudaHome, nvcc);
    }

    /** A toolkit has its compiler next to its headers, or its version file; a bin/ of wrappers does not. */
    static boolean looksLikeToolkit(HostFiles files, String home) {
        return files.exists(home + "/version.json") || files.exists(home + "/version.txt")
                || files.exists(home + "/include/cuda.h") || files.isDirectory(home + "/nvvm")
                || files.isDirectory(home + "/targets");
    }

    private static final Pattern WRAPPED = Pattern.compile("(/[^\\s\"']*/bin/nvcc)\\b");

    static java.util.Optional<String> wrappedNvcc(HostFiles files, String script) {
        Fact<FileStat> st = files.stat(script);
        if (!st.isFound() || st.value().size() == null || st.value().size() > 4096) {
            return java.util.Optional.empty();
        }
        Fact<String> text = files.readText(script);
        if (!text.isFound() || !text.value().startsWith("#!")) {
            return java.util.Optional.empty();
        }
        Matcher m = WRAPPED.matcher(text.value());
        return m.find() && !m.group(1).equals(script) ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    private static void addIfDirectory(HostFiles files, Map<String, Set<String>> homes, String path, String how) {
        Fact<String> real = files.realPath(path);
        if (real.isFound() && files.isDirectory(real.value())) {
            homes.computeIfAbsent(real.value(), k -> new LinkedHashSet<>()).add(how);
        }
    }

    private static Fact<String> variable(ProbeContext ctx, String name) {
        return ctx.env(name).map(v -> Fact.found(v, Evidence.environment(name)))
                .orElseGet(() -> Fact.absent(name + " is not set", Evidence.environment(name)));
    }

    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
