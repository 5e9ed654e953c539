package dev.gpudoctor.fix;

import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.CudnnRelease;
import dev.gpudoctor.matrix.InstallGuide;
import dev.gpudoctor.matrix.InstallGuide.Component;
import dev.gpudoctor.matrix.InstallGuide.DriverMethod;
import dev.gpudoctor.matrix.InstallGuide.Repository;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.PytorchRelease;
import dev.gpudoctor.matrix.TensorflowRelease;
import dev.gpudoctor.matrix.TensorrtRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The install plans for one host's distribution, as {@link Fix} objects whose steps are argv lists.
 * Everything comes from the matrix: the distribution's CUDA repository and driver methods from
 * install.yaml, and whether a version exists at all from the subject that knows it (driver-branches,
 * cuda-toolkit, cudnn, tensorrt, pytorch). Where the matrix has no steps (an unknown distribution,
 * version or combination) the plan is advice that says so and links the generic guide: never a
 * guessed command. Every value that reaches an argv is checked by {@link SafeValues}; a value that
 * fails throws IllegalArgumentException before any Fix exists.
 */
public final class InstallSteps {

    /** The pip options the matrix's pytorch.yaml uses to hand pip an index (pipFlag). */
    private static final Set<String> PIP_INDEX_FLAGS = Set.of("--index-url", "--extra-index-url", "-f");

    private final Matrix m;
    private final Distribution d;
    private final InstallGuide guide;
    private final Optional<InstallGuide.Distro> distro;
    private final String unsupportedWhy;

    public InstallSteps(Matrix m, Distribution d) {
        this.m = m;
        this.d = d;
        this.guide = m.install();
        this.distro = d.supported() ? guide.distribution(d.id(), d.versionId()) : Optional.empty();
        if (!d.supported()) {
            this.unsupportedWhy = d.unsupportedWhy();
        } else if (distro.isEmpty()) {
            // A Distribution read against another matrix (an edited --matrix folder).
            this.unsupportedWhy = d.prettyName() + " is not in this matrix's install.yaml";
        } else {
            this.unsupportedWhy = null;
        }
    }

    /** Installs a driver branch with the distribution's preferred method; reboot needed. */
    public Fix driverBranch(int branch) {
        return driverBranchOptions(branch).get(0);
    }

    /**
     * Every way install.yaml knows to install a branch here, preferred first (Ubuntu: its own packages,
     * then NVIDIA's repository); one advice when there is none.
     */
    public List<Fix> driverBranchOptions(int branch) {
        String b = SafeValues.branch(branch);
        String what = "install NVIDIA driver branch " + b;
        Optional<Fix> refused = refusal("driver", what);
        if (refused.isPresent()) {
            return List.of(refused.get());
        }
        if (m.driverBranches().stream().noneMatch(x -> x.branch() == branch)) {
            return List.of(notInMatrix("Driver branch " + b, "driver-branches.yaml", "driver"));
        }
        String family = d.family().word();
        List<DriverMethod> methods = distro.orElseThrow().drivers().stream().map(guide::driver)
                .flatMap(Optional::stream).filter(x -> x.family().equals(family) && x.covers(branch)).toList();
        if (methods.isEmpty()) {
            return List.of(advice("install.yaml has no steps for driver branch " + b + " on " + d.prettyName()
                    + ": " + what + " as NVIDIA's driver installation guide describes", "driver"));
        }
        List<Fix> out = new ArrayList<>();
        for (DriverMethod x : methods) {
            List<List<String>> own = StepTemplate.fillAll(x.steps(), Map.of("branch", b, "repo", repo()));
            List<List<String>> steps = new ArrayList<>(x.usesCudaRepository() ? repositorySetup() : List.of());
            steps.addAll(own);
            out.add(new Fix("Install NVIDIA driver branch " + b + " on " + d.prettyName() + " ("
                    + (x.usesCudaRepository() ? "from NVIDIA's CUDA repository " + repo() + ": " : "") + shown(own)
                    + "), then reboot", steps, true, true, Fix.Risk.CHANGES_KERNEL, x.source()));
        }
        return List.copyOf(out);
    }

    /** Installs a CUDA toolkit release series (12.4: cuda-toolkit-12-4) from NVIDIA's CUDA repository. */
    public Fix cudaToolkit(Version v) {
        String ver = SafeValues.version(v.toString());
        if (v.size() < 2) {
            throw new IllegalArgumentException("a CUDA toolkit release has a major and a minor (12.4), not: " + ver);
        }
        String what = "install CUDA Toolkit " + ver;
        Optional<Fix> refused = refusal("cuda-toolkit", what);
        if (refused.isPresent()) {
            return refused.get();
        }
        if (m.cudaToolkits().stream().noneMatch(t -> t.version().startsWith(v))) {
            return notInMatrix("CUDA Toolkit " + ver, "cuda-toolkit.yaml", "cuda-toolkit");
        }
        Optional<Component> c = guide.component("cuda-toolkit", d.family().word(), Optional.empty());
        if (c.isEmpty()) {
            return noPackages("the CUDA toolkit", what, "cuda-toolkit");
        }
        List<String> packages = packages(c.get(), Map.of("major", SafeValues.major(v.major()),
                "minor", Integer.toString(v.minor())));
        String series = v.prefix(2).toString();
        return packageFix("Install CUDA Toolkit " + ver + " on " + d.prettyName() + " from NVIDIA's CUDA repository "
                + repo() + " (" + String.join(" ", packages) + (v.size() > 2
                        ? ": the newest " + series + " update, which may be newer than " + ver : "") + ")",
                packages, List.of(), "cuda-toolkit", c.get());
    }

    /** Installs cuDNN of one major for one CUDA major (9, 12: cudnn9-cuda-12). */
    public Fix cudnn(int cudnnMajor, int cudaMajor) {
        String cudnn = SafeValues.major(cudnnMajor);
        String cuda = SafeValues.major(cudaMajor);
        String what = "install cuDNN " + cudnn + " for CUDA " + cuda;
        Optional<Fix> refused = refusal("cudnn", what);
        if (refused.isPresent()) {
            return refused.get();
        }
        List<CudnnRelease> releases = m.cudnn().stream().filter(r -> r.version().major() == cudnnMajor).toList();
        if (releases.isEmpty()) {
            return notInMatrix("cuDNN " + cudnn, "cudnn.yaml", "cudnn");
        }
        if (releases.stream().flatMap(r -> r.cudaBuilds().stream()).noneMatch(b -> b.cuda().equals(cuda + ".x"))) {
            return advice("The compatibility matrix has no cuDNN " + cudnn + " build for CUDA " + cuda
                    + " (cudnn.yaml), so gpu-doctor has no install steps for it", "cudnn");
        }
        Optional<Component> c = guide.component("cudnn", d.family().word(), Optional.of(cudnnMajor));
        if (c.isEmpty()) {
            return noPackages("cuDNN " + cudnn, what, "cudnn");
        }
        List<String> packages = packages(c.get(), Map.of("cudaMajor", cuda));
        return packageFix("Install cuDNN " + cudnn + " for CUDA " + cuda + " on " + d.prettyName()
                + " from NVIDIA's CUDA repository " + repo() + " (" + String.join(" ", packages) + ")", packages,
                List.of(), "cudnn", c.get());
    }

    /**
     * Installs a TensorRT release (10.3 or 10.3.0) built for one CUDA major, every package pinned to
     * it, from NVIDIA's CUDA repository.
     */
    public Fix tensorrt(Version v, int cudaMajor) {
        String ver = SafeValues.version(v.toString());
        String cuda = SafeValues.major(cudaMajor);
        if (v.size() < 2) {
            throw new IllegalArgumentException("a TensorRT release has a major and a minor (10.3), not: " + ver);
        }
        String what = "install TensorRT " + ver + " for CUDA " + cuda;
        Optional<Fix> refused = refusal("tensorrt", what);
        if (refused.isPresent()) {
            return refused.get();
        }
        List<TensorrtRelease> releases = m.tensorrtReleases(v);
        if (releases.isEmpty()) {
            return notInMatrix("TensorRT " + ver, "tensorrt.yaml", "tensorrt");
        }
        List<String> stated = releases.stream().flatMap(r -> r.cudaVersions().stream()).distinct().toList();
        if (!stated.isEmpty() && stated.stream().noneMatch(s -> s.startsWith(cuda + "."))) {
            return advice("TensorRT " + ver + " is for CUDA " + String.join(", ", stated) + " (tensorrt.yaml), not CUDA "
                    + cuda + ": gpu-doctor has no install steps for that combination", "tensorrt");
        }
        Optional<Component> c = guide.component("tensorrt", d.family().word(), Optional.of(v.major()));
        if (c.isEmpty()) {
            return noPackages("TensorRT " + v.major(), what, "tensorrt");
        }
        List<String> packages = packages(c.get(), Map.of("version", ver, "cudaMajor", cuda));
        return packageFix("Install TensorRT " + ver + " for CUDA " + cuda + " on " + d.prettyName()
                + " from NVIDIA's CUDA repository " + repo() + " (" + packages.size() + " packages, each pinned to "
                + c.get().versionPattern().map(p -> StepTemplate.fillOne(p, Map.of("version", ver, "cudaMajor", cuda),
                        "tensorrt versionPattern")).orElse("its newest version") + ")",
                packages, List.of(), "tensorrt", c.get());
    }

    /** Installs the NVIDIA Container Toolkit and configures Docker to use it. */
    public Fix containerToolkit() {
        return containerToolkit("docker");
    }

    /** Installs the NVIDIA Container Toolkit and configures one container runtime (docker, containerd, crio). */
    public Fix containerToolkit(String runtime) {
        String rt = SafeValues.word(runtime);
        String what = "install the NVIDIA Container Toolkit for " + rt;
        Optional<Fix> refused = refusal("container-toolkit", what);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<Component> c = guide.component("container-toolkit", d.family().word(), Optional.empty());
        if (c.isEmpty()) {
            return noPackages("the NVIDIA Container Toolkit", what, "container-toolkit");
        }
        Optional<Component.RuntimeSteps> configure = c.get().configureFor(rt);
        if (configure.isEmpty()) {
            return advice("install.yaml has no steps to configure " + rt + " for the NVIDIA Container Toolkit (it has "
                    + c.get().configure().stream().map(Component.RuntimeSteps::runtime).collect(Collectors.joining(", "))
                    + "): " + what + " as its installation guide describes", "container-toolkit");
        }
        List<String> packages = packages(c.get(), Map.of());
        return packageFix("Install the NVIDIA Container Toolkit on " + d.prettyName() + " from NVIDIA's CUDA repository "
                + repo() + " and configure " + rt + " to use it (restarts " + rt + ")", packages,
                StepTemplate.fillAll(configure.get().steps(), Map.of()), "container-toolkit", c.get());
    }

    /**
     * {@code <python> -m pip install torch==X <flag> <index>} for one CUDA build of torch, with the
     * index and flag the matrix's pytorch.yaml gives for that release. Installs into the interpreter's
     * environment, so no root.
     */
    public Fix pipTorch(String python, Version torch, String variant) {
        String py = SafeValues.executable(python);
        String tag = SafeValues.word(variant);
        String ver = SafeValues.version(torch.toString());
        String what = "install torch " + ver + " (" + tag + ")";
        Optional<Fix> refused = refusal("pytorch", what);
        if (refused.isPresent()) {
            return refused.get();
        }
        Optional<PytorchRelease> release = m.pytorchFor(torch);
        if (release.isEmpty()) {
            return notInMatrix("PyTorch " + ver, "pytorch.yaml", "pytorch");
        }
        PytorchRelease r = release.get();
        Optional<PytorchRelease.Variant> build = r.variant(tag);
        if (build.isEmpty()) {
            return advice("PyTorch " + r.version() + " has no " + tag + " build in the compatibility matrix (pytorch.yaml"
                    + " lists " + r.variants().stream().map(PytorchRelease.Variant::tag).collect(Collectors.joining(", "))
                    + "), so gpu-doctor has no install steps for it", "pytorch");
        }
        Optional<String> index = r.indexUrlOf(build.get());
        Optional<String> flag = r.pipFlag().filter(PIP_INDEX_FLAGS::contains);
        if (index.isEmpty() || flag.isEmpty()) {
            return advice("pytorch.yaml states no pip index for PyTorch " + r.version() + ": " + what
                    + " as PyTorch's previous-versions page describes", "pytorch");
        }
        String url = SafeValues.httpsUrl(index.get());
        List<String> step = List.of(py, "-m", "pip", "install", "torch==" + ver, flag.get(), url).stream()
                .map(SafeValues::argument).toList();
        return new Fix("Install torch " + ver + " (" + tag + " build) into the environment of " + py + " from " + url,
                List.of(step), false, false, Fix.Risk.CHANGES_PACKAGES, documentation("pytorch", r.source()));
    }

    /**
     * pip install of a TensorFlow release into an interpreter's environment: with the
     * {@code [and-cuda]} extra where tensorflow.yaml says the release has it (the CUDA and cuDNN
     * wheels it was built with come along), else the plain package (the libraries come from the system).
     */
    public Fix pipTensorflow(String python, Version tf) {
        String py = SafeValues.executable(python);
        String ver = SafeValues.version(tf.toString());
        Optional<TensorflowRelease> release = m.tensorflowFor(tf);
        if (release.isEmpty()) {
            return notInMatrix("TensorFlow " + ver, "tensorflow.yaml", "tensorflow");
        }
        TensorflowRelease r = release.get();
        // "2.15" means the newest 2.15.x; a full version is pinned as given.
        String pin = tf.toString().split("\\.").length < 3 ? "==" + ver + ".*" : "==" + ver;
        String requirement = (r.andCudaExtra() ? "tensorflow[and-cuda]" : "tensorflow") + pin;
        List<String> step = List.of(py, "-m", "pip", "install", requirement).stream().map(SafeValues::argument).toList();
        return new Fix("Install " + requirement + " into the environment of " + py
                + (r.andCudaExtra() ? " (with the CUDA " + r.cuda() + " and cuDNN " + r.cudnn() + " wheels)" : ""),
                List.of(step), false, false, Fix.Risk.CHANGES_PACKAGES, r.citation().url());
    }

    // ------------------------------------------------------------------------------------------------

    /** The plan for a host install.yaml has no steps for: advice naming why, with the generic guide. */
    private Optional<Fix> refusal(String component, String what) {
        if (unsupportedWhy == null) {
            return Optional.empty();
        }
        return Optional.of(advice(unsupportedWhy + ": " + what + " as the linked guide describes", component));
    }

    private Fix notInMatrix(String thing, String file, String component) {
        return advice(thing + " is not in the compatibility matrix (" + file + "), so gpu-doctor has no install steps"
                + " for it", component);
    }

    private Fix noPackages(String thing, String what, String component) {
        return advice("install.yaml has no " + d.family().word() + " package names for " + thing + ": " + what
                + " as the linked guide describes", component);
    }

    private Fix advice(String summary, String component) {
        return Fix.advice(summary, documentation(component, null));
    }

    private String documentation(String component, String fallback) {
        return guide.guide(component).map(InstallGuide.Guide::source).orElse(fallback);
    }

    /** Repository set-up, the install command with its packages, then any steps after it. */
    private Fix packageFix(String summary, List<String> packages, List<List<String>> after, String component,
            Component c) {
        List<List<String>> steps = new ArrayList<>(repositorySetup());
        List<String> install = new ArrayList<>(StepTemplate.fill(repository().install(), Map.of()));
        install.addAll(packages);
        steps.add(List.copyOf(install));
        steps.addAll(after);
        return new Fix(summary, steps, true, false, Fix.Risk.CHANGES_PACKAGES, documentation(component, c.source()));
    }

    /** The component's package names, filled, each checked, with the version pin where it has one. */
    private List<String> packages(Component c, Map<String, String> values) {
        Optional<String> pin = c.versionPattern().map(p -> StepTemplate.fillOne(p, values, c.component()
                + " versionPattern"));
        return c.packages().stream()
                .map(p -> SafeValues.packageName(StepTemplate.fillOne(p, values, c.component() + " packages")))
                .map(p -> SafeValues.argument(pin.map(v -> p + "=" + v).orElse(p)))
                .toList();
    }

    private Repository repository() {
        return guide.repository(d.family().word()).orElseThrow(() -> new IllegalStateException(
                "install.yaml has no repositories entry for the family " + d.family().word()));
    }

    private List<List<String>> repositorySetup() {
        return StepTemplate.fillAll(repository().setup(), Map.of("repo", repo()));
    }

    private String repo() {
        return SafeValues.repoId(d.repoId());
    }

    /** The steps a method adds, as people would type them (for the summary only: steps stay argv). */
    private static String shown(List<List<String>> steps) {
        return steps.stream().map(s -> String.join(" ", s)).collect(Collectors.joining("; "));
    }
}
