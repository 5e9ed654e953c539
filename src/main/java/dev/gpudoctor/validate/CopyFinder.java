package dev.gpudoctor.validate;

import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.linker.CopyVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Chooses the library copies of steps 3-6 from what the probes found, the way check finds them:
 * <ul>
 * <li>NVRTC: every installed one, each toolkit's (under its home) and each Python environment's
 *     nvidia-cuda-nvrtc wheel's, one per real file;</li>
 * <li>cuBLAS, cuDNN, TensorRT: the copy a framework really loads (the linker emulation's
 *     resolution: what the user's programs run), else the newest toolkit's (cuBLAS) or the newest
 *     library install (cuDNN, TensorRT), else a wheel's.</li>
 * </ul>
 * A copy given on the command line replaces the choice for its library.
 */
public final class CopyFinder {

    /** Copies given on the command line (--nvrtc, --cublas, --cudnn, --tensorrt); empty or null: choose. */
    public record Given(List<String> nvrtc, String cublas, String cudnn, String tensorrt) {
        public Given {
            nvrtc = nvrtc == null ? List.of() : List.copyOf(nvrtc);
        }

        public static Given none() {
            return new Given(List.of(), null, null, null);
        }
    }

    /** What the probes found; a null section is a probe that did not complete. */
    public record Found(CudaFacts cuda, DnnFacts dnn, PythonFacts python, LinkerFacts linker) {
    }

    /** Library directories of a toolkit, for each platform CUDA ships (lib64 is usually a link to the first). */
    static final List<String> TOOLKIT_LIB_DIRS = List.of("targets/x86_64-linux/lib", "targets/sbsa-linux/lib", "lib64", "lib");

    private final HostFiles files;

    public CopyFinder(HostFiles files) {
        this.files = files;
    }

    public LadderPlan choose(Found f, Given given) {
        List<LadderPlan.Copy> nvrtc = given.nvrtc().isEmpty() ? nvrtc(f)
                : given.nvrtc().stream().map(p -> new LadderPlan.Copy(p, "--nvrtc", null)).toList();
        return new LadderPlan(nvrtc,
                given.cublas() != null ? new LadderPlan.Copy(given.cublas(), "--cublas", null) : cublas(f).orElse(null),
                given.cudnn() != null ? new LadderPlan.Copy(given.cudnn(), "--cudnn", null) : cudnn(f).orElse(null),
                given.tensorrt() != null ? new LadderPlan.Copy(given.tensorrt(), "--tensorrt", null) : tensorrt(f).orElse(null));
    }

    // ---------------------------------------------------------------------------------------------

    List<LadderPlan.Copy> nvrtc(Found f) {
        Pattern name = Pattern.compile("libnvrtc\\.so\\.\\d+");
        List<LadderPlan.Copy> out = new ArrayList<>();
        Set<String> real = new LinkedHashSet<>();
        for (CudaFacts.Toolkit t : toolkits(f)) {
            Version v = orderingVersion(t);
            inToolkit(t, name).filter(p -> real.add(real(p))).ifPresent(p -> out.add(new LadderPlan.Copy(p,
                    "toolkit " + t.home(), v == null ? null : v.toString())));
        }
        for (Wheel w : wheels(f, name, "cuda_nvrtc")) {
            if (real.add(real(w.path()))) {
                out.add(new LadderPlan.Copy(w.path(), w.foundBy(), w.version()));
            }
        }
        return out;
    }

    Optional<LadderPlan.Copy> cublas(Found f) {
        Pattern name = Pattern.compile("libcublas\\.so\\.\\d+");
        Optional<LadderPlan.Copy> loaded = resolved(f, "libcublas.so.");
        if (loaded.isPresent()) {
            return loaded;
        }
        for (CudaFacts.Toolkit t : toolkits(f)) {
            Optional<String> p = inToolkit(t, name);
            if (p.isPresent()) {
                return Optional.of(new LadderPlan.Copy(p.get(), "toolkit " + t.home(),
                        t.version() == null ? null : t.version().toString()));
            }
        }
        return wheels(f, name, "cublas").stream().findFirst().map(w -> new LadderPlan.Copy(w.path(), w.foundBy(), w.version()));
    }

    Optional<LadderPlan.Copy> cudnn(Found f) {
        Optional<LadderPlan.Copy> loaded = resolved(f, "libcudnn.so.");
        if (loaded.isPresent()) {
            return loaded;
        }
        return f.dnn() == null ? Optional.empty() : newestLibrary(f.dnn().cudnn().orElse(List.of()), "cuDNN");
    }

    Optional<LadderPlan.Copy> tensorrt(Found f) {
        Optional<LadderPlan.Copy> loaded = resolved(f, "libnvinfer.so.");
        if (loaded.isPresent()) {
            return loaded;
        }
        return f.dnn() == null ? Optional.empty() : newestLibrary(f.dnn().tensorrt().orElse(List.of()), "TensorRT");
    }

    /** The copy a framework's dynamic linking resolves to, first framework first (torch, then the others). */
    private static Optional<LadderPlan.Copy> resolved(Found f, String sonamePrefix) {
        if (f.linker() == null) {
            return Optional.empty();
        }
        for (LinkerFacts.Resolution r : f.linker().resolutions().orElse(List.of())) {
            for (LinkerFacts.Dependency d : r.dependencies()) {
                if (d.soname().startsWith(sonamePrefix) && d.resolvedPath() != null) {
                    return Optional.of(new LadderPlan.Copy(d.resolvedPath(), r.framework() + " in " + r.environment()
                            + " loads it (" + d.soname() + " via " + d.via() + ")",
                            d.version() == null ? null : d.version().toString()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The library install with the highest version, where several sources describe one directory
     * (a header's 9.19.0 and the library file's 9): its most precise version.
     */
    private static Optional<LadderPlan.Copy> newestLibrary(List<DnnFacts.Install> installs, String what) {
        LadderPlan.Copy best = null;
        Version bestVersion = null;
        for (Map.Entry<String, List<DnnFacts.Install>> e : DnnFacts.byLocation(installs).entrySet()) {
            Optional<DnnFacts.Install> lib = e.getValue().stream().filter(i -> "library".equals(i.origin())
                    && i.detail() != null && i.detail().startsWith("/")).findFirst();
            if (lib.isEmpty()) {
                continue;
            }
            Version v = e.getValue().stream().map(DnnFacts.Install::version).filter(java.util.Objects::nonNull)
                    .max(Comparator.comparingInt(Version::size)).orElse(null);
            if (best == null || (v != null && (bestVersion == null || v.compareTo(bestVersion) > 0))) {
                best = new LadderPlan.Copy(lib.get().detail(), what + " library in " + e.getKey()
                        + " (no framework found that loads one)", v == null ? null : v.toString());
                bestVersion = v;
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * Toolkits, newest first. Where no source settles a toolkit's release (a CUDA 13 runfile install has
     * no version.json and no package), its highest claim (cuda.h, nvcc, cudart) orders it; unknown last.
     */
    private static List<CudaFacts.Toolkit> toolkits(Found f) {
        if (f.cuda() == null) {
            return List.of();
        }
        return f.cuda().toolkits().orElse(List.of()).stream()
                .sorted(Comparator.comparing(CopyFinder::orderingVersion, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
    }

    private static Version orderingVersion(CudaFacts.Toolkit t) {
        return t.version() != null ? t.version() : t.claims().stream().map(dev.gpudoctor.fact.section.VersionClaim::version)
                .filter(java.util.Objects::nonNull).max(Comparator.naturalOrder()).orElse(null);
    }

    /** The first file of a toolkit's library directories whose name matches. */
    private Optional<String> inToolkit(CudaFacts.Toolkit t, Pattern name) {
        for (String sub : TOOLKIT_LIB_DIRS) {
            String dir = t.home() + "/" + sub;
            for (DirEntry e : files.list(dir).orElse(List.of())) {
                if (name.matcher(e.name()).matches() && files.exists(dir + "/" + e.name())) {
                    return Optional.of(dir + "/" + e.name());
                }
            }
        }
        return Optional.empty();
    }

    private record Wheel(String path, String foundBy, String version) {
    }

    /**
     * Copies in Python environments' NVIDIA wheels: site-packages/nvidia/FOLDER/lib (CUDA 12 wheels)
     * and site-packages/nvidia/cuNN/lib (CUDA 13 wheels share one folder).
     */
    private List<Wheel> wheels(Found f, Pattern name, String folder) {
        List<Wheel> out = new ArrayList<>();
        if (f.python() == null) {
            return out;
        }
        for (PythonFacts.PythonEnv env : f.python().environments().orElse(List.of())) {
            if (env.sitePackages() == null) {
                continue;
            }
            String nvidia = env.sitePackages() + "/nvidia";
            List<String> dirs = new ArrayList<>();
            dirs.add(nvidia + "/" + folder + "/lib");
            for (DirEntry e : files.list(nvidia).orElse(List.of())) {
                if (e.name().matches("cu\\d+")) {
                    dirs.add(nvidia + "/" + e.name() + "/lib");
                }
            }
            for (String dir : dirs) {
                for (DirEntry e : files.list(dir).orElse(List.of())) {
                    String path = dir + "/" + e.name();
                    if (name.matcher(e.name()).matches() && files.exists(path)) {
                        Optional<CopyVersion.Found> v = CopyVersion.of(real(path), env.sitePackages(), env.packages());
                        out.add(new Wheel(path, v.map(CopyVersion.Found::source).orElse("wheel")
                                + " in " + env.prefix(), v.map(x -> x.version().toString()).orElse(null)));
                    }
                }
            }
        }
        return out;
    }

    private String real(String path) {
        return files.realPath(path).orElse(path);
    }
}
