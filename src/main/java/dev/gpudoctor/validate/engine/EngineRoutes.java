package dev.gpudoctor.validate.engine;

import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.Host;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Which way of building an engine this host offers, in order: the JavaCPP presets (never bundled,
 * see {@link #javaCpp}), trtexec, the tensorrt Python module. The first available one is used; every
 * one considered is reported with why it was or was not, computed from this host's files, PATH and
 * interpreters, read through the host port.
 */
public final class EngineRoutes {

    /** Install folders of TensorRT's Debian/RPM packages (libnvinfer-bin) and of NGC containers. */
    static final List<String> TRTEXEC_DIRS = List.of("/usr/src/tensorrt/bin", "/opt/tensorrt/bin");

    /**
     * The JavaCPP presets measured for docs/decisions.md: org.bytedeco:tensorrt 11.2-1.5.14 (its
     * libjninvinfer needs libnvinfer.so.11) with cuda 13.3-9.25-1.5.14 (libjnicudart needs libcudart.so.13)
     * and javacpp 1.5.14. Their jars for linux-x86_64 are 7.1 MiB, 2.8 MiB with only cudart's JNI library;
     * with them the bundle would pass its 35 MiB limit (sizes measured in docs/decisions.md).
     */
    static final int PRESET_TENSORRT_MAJOR = 11;
    static final String PRESET = "org.bytedeco:tensorrt 11.2-1.5.14 with cuda 13.3-9.25-1.5.14";

    /** One route as considered. */
    public record Considered(String name, boolean available, String path, String why, Route route) {
    }

    private EngineRoutes() {
    }

    /**
     * @param libnvinfer        the copy step 6 chose (or null): where a tar install's trtexec is looked for
     * @param tensorrtVersion   its version, for the JavaCPP reason
     * @param pythons           interpreters of Python environments that hold a tensorrt package
     * @param stop              route names not to try once one is found (all but the first available are "not tried")
     * @param probeTimeout      each interpreter's import probe
     * @param calling           told of each probe before it runs (progress)
     */
    public static List<Considered> consider(Host host, String libnvinfer, String tensorrtVersion, List<String> pythons,
                                            Duration probeTimeout, Consumer<String> calling) {
        List<Considered> out = new ArrayList<>();
        out.add(javaCpp(libnvinfer, tensorrtVersion));
        Considered trtexec = trtexec(host, libnvinfer);
        out.add(trtexec);
        if (trtexec.available()) {
            out.add(new Considered("python", false, null, "not tried: trtexec comes first", null));
        } else {
            out.add(python(host, pythons, probeTimeout, calling));
        }
        return out;
    }

    /** The first available route, or empty. */
    public static Optional<Considered> chosen(List<Considered> routes) {
        return routes.stream().filter(Considered::available).findFirst();
    }

    static Considered javaCpp(String libnvinfer, String tensorrtVersion) {
        String host = tensorrtVersion != null ? "this host's TensorRT is " + tensorrtVersion
                : libnvinfer != null ? "this host's TensorRT is " + libnvinfer : "this host has no TensorRT library";
        Integer major = tensorrtVersion == null ? null : Version.parse(tensorrtVersion).map(Version::major).orElse(null);
        String match = major == null ? "" : major == PRESET_TENSORRT_MAJOR ? " (its major matches the preset's)"
                : " (the preset needs libnvinfer.so." + PRESET_TENSORRT_MAJOR + ")";
        return new Considered("javacpp", false, null, "not bundled: " + PRESET + " would add 7.1 MiB of jars (2.8 MiB trimmed "
                + "to cudart) to a bundle whose limit is 35 MiB, and serves only TensorRT " + PRESET_TENSORRT_MAJOR
                + " (docs/decisions.md); " + host + match, null);
    }

    static Considered trtexec(Host host, String libnvinfer) {
        String path = host.environment().get("PATH").orElse("");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && executable(host, dir + "/trtexec")) {
                return found(host, dir + "/trtexec", "on PATH", null);
            }
        }
        List<String> looked = new ArrayList<>(TRTEXEC_DIRS);
        for (String dir : TRTEXEC_DIRS) {
            if (executable(host, dir + "/trtexec")) {
                return found(host, dir + "/trtexec", "in " + dir, null);
            }
        }
        if (libnvinfer != null && libnvinfer.contains("/")) {
            // A tar install: TensorRT-X/lib/libnvinfer.so.N beside TensorRT-X/bin/trtexec.
            String libDir = libnvinfer.substring(0, libnvinfer.lastIndexOf('/'));
            String top = libDir.contains("/") ? libDir.substring(0, libDir.lastIndexOf('/')) : "";
            for (String dir : List.of(top + "/bin", libDir)) {
                looked.add(dir);
                if (executable(host, dir + "/trtexec")) {
                    return found(host, dir + "/trtexec", "beside the TensorRT library " + libnvinfer, libDir);
                }
            }
        }
        return new Considered("trtexec", false, null, "not found on PATH (" + (path.isEmpty() ? "empty" : path) + ") nor in "
                + String.join(", ", looked), null);
    }

    private static Considered found(Host host, String trtexec, String where, String libDir) {
        return new Considered("trtexec", true, trtexec, "found " + where,
                new TrtexecRoute(host.commands(), trtexec, libDir));
    }

    static Considered python(Host host, List<String> pythons, Duration timeout, Consumer<String> calling) {
        Optional<String> script = PythonRoute.script();
        if (script.isEmpty()) {
            return new Considered("python", false, null, "the route's script is missing from this build", null);
        }
        Set<String> candidates = new LinkedHashSet<>(pythons);
        String onPath = null;
        for (String dir : host.environment().get("PATH").orElse("").split(":")) {
            if (!dir.isEmpty() && executable(host, dir + "/python3")) {
                onPath = dir + "/python3";
                break;
            }
        }
        if (onPath != null) {
            candidates.add(onPath);
        }
        if (candidates.isEmpty()) {
            return new Considered("python", false, null, "no python3 on PATH and no Python environment with a tensorrt "
                    + "package", null);
        }
        List<String> whyNot = new ArrayList<>();
        for (String python : candidates) {
            calling.accept(python + " -c 'import tensorrt'");
            PythonRoute.Probe p = PythonRoute.probe(host.commands(), python, script.get(), timeout);
            if (p.route() != null) {
                return new Considered("python", true, python, "imports tensorrt " + p.route().tensorrtVersion(), p.route());
            }
            whyNot.add(python + ": " + p.why());
        }
        return new Considered("python", false, null, "tensorrt is not importable (" + String.join("; ", whyNot) + ")", null);
    }

    private static boolean executable(Host host, String path) {
        return host.files().exists(path) && !host.files().isDirectory(path);
    }
}
