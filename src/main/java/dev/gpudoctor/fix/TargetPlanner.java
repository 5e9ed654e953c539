package dev.gpudoctor.fix;

import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.fix.ngc.ImageMatch;
import dev.gpudoctor.fix.ngc.NgcMatcher;
import dev.gpudoctor.fix.ngc.NgcRegistry;
import dev.gpudoctor.matrix.CudaToolkit;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.PytorchRelease;
import dev.gpudoctor.matrix.TensorflowRelease;
import dev.gpudoctor.matrix.TensorrtRelease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * From a target (torch==2.5.1, cuda=12.4, image pytorch, ...) to a stack this host can run and the
 * steps to get there: the build of the target that runs on the installed driver if there is one,
 * otherwise the driver branch it needs (when this GPU still gets that branch). Every choice is
 * written into the plan's reasons with the matrix entry it rests on.
 */
public final class TargetPlanner {

    private final Matrix m;
    private final NgcMatcher ngc;
    private final Optional<NgcRegistry> registry;

    public TargetPlanner(Matrix m) {
        this(m, Optional.empty());
    }

    /** @param registry nvcr.io's tag list, asked for images when given (plan --online) */
    public TargetPlanner(Matrix m, Optional<NgcRegistry> registry) {
        this.m = m;
        this.ngc = new NgcMatcher(m);
        this.registry = registry;
    }

    public Plan plan(HostFacts f, Target target) {
        HostGpus gpus = HostGpus.of(f, m);
        InstallSteps install = new InstallSteps(m, Distribution.of(f, m));
        Draft draft = new Draft(target.text());
        try {
            if (target instanceof Target.Torch t) {
                torch(f, gpus, install, t, draft);
            } else if (target instanceof Target.Tensorflow t) {
                tensorflow(f, gpus, install, t, draft);
            } else if (target instanceof Target.Cuda t) {
                cuda(f, gpus, install, t, draft);
            } else if (target instanceof Target.Tensorrt t) {
                tensorrt(f, gpus, install, t, draft);
            } else if (target instanceof Target.Image t) {
                image(f, t, draft);
            } else if (target instanceof Target.ContainerToolkit t) {
                draft.why.add("the NVIDIA container toolkit lets " + t.runtime() + " pass GPUs into containers (--gpus all, CDI)");
                draft.act(install.containerToolkit(t.runtime()));
            }
            return draft.plan();
        } catch (IllegalArgumentException refused) {
            // A value from the host or the matrix that is not safe to put into a command (SafeValues):
            // no plan rather than a plan with it.
            return Plan.of(target.text(), draft.why, List.of(), List.of(new Plan.Item(Fix.advice("No plan: "
                    + refused.getMessage(), null), List.of(target.text()), List.of())));
        }
    }

    /** A plan being written: its reasons, actions and advice. */
    private static final class Draft {
        final String goal;
        final List<String> why = new ArrayList<>();
        final List<Plan.Item> actions = new ArrayList<>();
        final List<Plan.Item> advice = new ArrayList<>();

        Draft(String goal) {
            this.goal = goal;
        }

        void act(Fix fix) {
            (fix.steps().isEmpty() ? advice : actions).add(new Plan.Item(fix, List.of(goal), List.of()));
        }

        void advise(String text, String documentation) {
            advice.add(new Plan.Item(Fix.advice(text, documentation), List.of(goal), List.of()));
        }

        Plan plan() {
            return Plan.of(goal, why, actions, advice);
        }
    }

    private void torch(HostFacts f, HostGpus gpus, InstallSteps install, Target.Torch t, Draft d) {
        Optional<PytorchRelease> release = m.pytorchFor(t.version());
        if (release.isEmpty()) {
            d.advise("torch " + t.version() + " is not in the compatibility matrix (compat-matrix/pytorch.yaml): no plan can be "
                    + "computed for it", "https://pytorch.org/get-started/previous-versions/");
            return;
        }
        PytorchRelease r = release.get();
        List<PytorchRelease.Variant> fitting = new ArrayList<>();
        for (PytorchRelease.Variant v : r.variants()) {
            Optional<String> missing = gpus.missingKernels(v);
            if (missing.isPresent()) {
                d.why.add(v.tag() + " is left out: " + missing.get() + " (" + cite(r) + ")");
            } else {
                fitting.add(v);
            }
        }
        if (fitting.isEmpty()) {
            d.advise("No CUDA build of torch " + r.version() + " carries kernels for this GPU; pick another torch release", null);
            return;
        }
        fitting.sort(Comparator.comparing(PytorchRelease.Variant::cuda).reversed());
        Optional<Version> ceiling = ceiling(f);
        Optional<PytorchRelease.Variant> runsNow = ceiling.flatMap(c -> fitting.stream()
                .filter(v -> v.cuda().compareTo(c.prefix(2)) <= 0).findFirst());
        PytorchRelease.Variant chosen;
        if (runsNow.isPresent()) {
            chosen = runsNow.get();
            d.why.add("torch " + r.version() + " " + chosen.tag() + " is the newest build for CUDA <= " + ceiling.get()
                    + ", the driver's ceiling: it runs on the installed driver " + f.runningDriver().map(Version::toString).orElse("?")
                    + " (" + cite(r) + ")");
        } else {
            chosen = fitting.get(0);
            d.why.add("no build of torch " + r.version() + " is for a CUDA the installed driver supports ("
                    + ceiling.map(c -> "ceiling " + c).orElse("no driver running") + "): " + chosen.tag() + " needs a newer driver ("
                    + cite(r) + ")");
            if (!driver(f, gpus, install, chosen.cuda(), d)) {
                return;
            }
        }
        String python = python(f, "torch", d);
        d.act(install.pipTorch(python, t.version(), chosen.tag()));
    }

    private void tensorflow(HostFacts f, HostGpus gpus, InstallSteps install, Target.Tensorflow t, Draft d) {
        Optional<TensorflowRelease> release = m.tensorflowFor(t.version());
        if (release.isEmpty()) {
            d.advise("tensorflow " + t.version() + " is not in the compatibility matrix (compat-matrix/tensorflow.yaml)",
                    "https://www.tensorflow.org/install/source#gpu");
            return;
        }
        TensorflowRelease r = release.get();
        d.why.add("tensorflow " + r.version() + " was tested with CUDA " + r.cuda() + " and cuDNN " + r.cudnn() + " (" + cite(r) + ")");
        Optional<Version> ceiling = ceiling(f);
        if (ceiling.isEmpty() || r.cuda().compareTo(ceiling.get().prefix(2)) > 0) {
            if (!driver(f, gpus, install, r.cuda(), d)) {
                return;
            }
        } else {
            d.why.add("the installed driver's CUDA ceiling " + ceiling.get() + " covers CUDA " + r.cuda());
        }
        String python = python(f, "tensorflow", d);
        d.act(install.pipTensorflow(python, t.version()));
        if (r.andCudaExtra()) {
            d.why.add("tensorflow[and-cuda] brings the CUDA and cuDNN wheels it was built with (" + cite(r) + ")");
        } else {
            d.act(install.cudnn(r.cudnn().major(), r.cuda().major()));
            d.why.add("tensorflow " + r.version() + " has no [and-cuda] extra: CUDA " + r.cuda() + " and cuDNN " + r.cudnn()
                    + " come from the system");
        }
    }

    private void cuda(HostFacts f, HostGpus gpus, InstallSteps install, Target.Cuda t, Draft d) {
        Optional<CudaToolkit> toolkit = m.cudaToolkit(t.version());
        if (toolkit.isEmpty()) {
            d.advise("CUDA " + t.version() + " is not a toolkit release in the compatibility matrix (compat-matrix/cuda-toolkit.yaml)",
                    "https://developer.nvidia.com/cuda-toolkit-archive");
            return;
        }
        Optional<String> dropped = gpus.toolkitCannotTarget(toolkit.get(), m);
        dropped.ifPresent(x -> d.why.add("note: " + x));
        Optional<Version> ceiling = ceiling(f);
        if (ceiling.isEmpty() || t.version().prefix(2).compareTo(ceiling.get().prefix(2)) > 0) {
            if (!driver(f, gpus, install, t.version(), d)) {
                return;
            }
        } else {
            d.why.add("the installed driver's CUDA ceiling " + ceiling.get() + " covers CUDA " + t.version());
        }
        d.act(install.cudaToolkit(t.version()));
    }

    private void tensorrt(HostFacts f, HostGpus gpus, InstallSteps install, Target.Tensorrt t, Draft d) {
        List<TensorrtRelease> releases = m.tensorrtReleases(t.version());
        if (releases.isEmpty()) {
            d.advise("TensorRT " + t.version() + " is not in the compatibility matrix (compat-matrix/tensorrt.yaml)",
                    "https://docs.nvidia.com/deeplearning/tensorrt/latest/installing-tensorrt/installing.html");
            return;
        }
        TensorrtRelease r = releases.get(0);
        List<Version> cudas = r.cudaVersions().stream().map(Version::find).flatMap(Optional::stream).map(v -> v.prefix(2)).distinct()
                .sorted(Comparator.reverseOrder()).toList();
        Optional<Version> ceiling = ceiling(f);
        Optional<Version> runsNow = ceiling.flatMap(c -> cudas.stream().filter(v -> v.compareTo(c.prefix(2)) <= 0).findFirst());
        Version cuda;
        if (runsNow.isPresent()) {
            cuda = runsNow.get();
            d.why.add("TensorRT " + r.version() + " is built for CUDA " + String.join(", ", r.cudaVersions()) + "; the CUDA " + cuda
                    + " build runs on the installed driver (" + cite(r) + ")");
        } else if (!cudas.isEmpty()) {
            cuda = cudas.get(0);
            d.why.add("TensorRT " + r.version() + " is built for CUDA " + String.join(", ", r.cudaVersions())
                    + ", none of which the installed driver supports (" + cite(r) + ")");
            if (!driver(f, gpus, install, cuda, d)) {
                return;
            }
        } else {
            d.advise("The matrix does not say which CUDA TensorRT " + r.version() + " is built for", null);
            return;
        }
        d.act(install.tensorrt(t.version(), cuda.major()));
    }

    private void image(HostFacts f, Target.Image t, Draft d) {
        List<ImageMatch> all = ngc.judge(f).stream().filter(x -> x.image().image().endsWith("/" + t.family())).toList();
        if (all.isEmpty()) {
            d.advise("No nvcr.io/nvidia/" + t.family() + " release is in the compatibility matrix (compat-matrix/ngc.yaml)",
                    "https://catalog.ngc.nvidia.com/containers");
            return;
        }
        Optional<ImageMatch> chosen = ngc.newest(f, t.family());
        if (chosen.isEmpty()) {
            d.why.addAll(all.get(0).why());
            d.advise("No " + t.family() + " image in the matrix runs on this host's driver; install a newer driver first "
                    + "(gpu-doctor plan --target cuda=X.Y says which)", null);
            return;
        }
        ImageMatch i = chosen.get();
        d.why.addAll(i.why());
        if (!i.confirmed()) {
            d.why.add("some facts behind this choice come from a second-hand copy of NVIDIA's release notes");
        }
        List<String> docker = i.dockerRun();
        List<String> podman = i.podmanRun();
        if (registry.isPresent()) {
            Optional<String> tag = fromRegistry(t.family(), i, all, d);
            if (docker.isEmpty() && tag.isPresent()) {
                String ref = i.image().image() + ":" + tag.get();
                docker = ImageMatch.dockerRun(ref);
                podman = ImageMatch.podmanRun(ref);
            }
        }
        if (docker.isEmpty()) {
            d.advise("Run " + i.image().image() + " " + i.image().release() + " (its tag is not in the matrix; --online asks nvcr.io)",
                    i.image().citation().url());
            return;
        }
        String ref = docker.get(docker.size() - 1);
        d.act(new Fix("Pull " + ref, List.of(List.of("docker", "pull", ref)), false, false, Fix.Risk.SAFE, i.image().citation().url()));
        d.advise("Start it: " + PlanText.shown(docker) + "   (podman with CDI: " + PlanText.shown(podman) + ")",
                "https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html");
    }

    /**
     * The chosen release's tag as nvcr.io lists it (the "-py3" one where there is one), and a word on
     * releases nvcr.io has that the matrix does not know: offered, not chosen, since what driver
     * they need is not in the matrix.
     */
    private Optional<String> fromRegistry(String family, ImageMatch chosen, List<ImageMatch> known, Draft d) {
        List<String> tags;
        try {
            tags = registry.orElseThrow().tags(family);
        } catch (dev.gpudoctor.net.Https.HttpsException e) {
            d.why.add("nvcr.io could not be asked for tags: " + e.getMessage());
            return Optional.empty();
        }
        String release = chosen.image().release();
        List<String> mine = tags.stream().filter(x -> x.startsWith(release + "-")).sorted().toList();
        Optional<String> tag = mine.stream().filter(x -> x.equals(release + "-py3")).findFirst().or(() -> mine.stream().findFirst());
        tag.ifPresent(x -> d.why.add("tag " + x + " of " + chosen.image().image() + " is from nvcr.io's tag list (not in the matrix)"));
        String newestKnown = known.stream().map(k -> k.image().release()).max(Comparator.naturalOrder()).orElse("");
        List<String> newer = tags.stream().filter(x -> x.matches("[0-9]{2}\\.[0-9]{2}-.*")).map(x -> x.substring(0, 5)).distinct()
                .filter(r -> r.compareTo(newestKnown) > 0).sorted(Comparator.reverseOrder()).toList();
        if (!newer.isEmpty()) {
            d.why.add("nvcr.io lists releases newer than the matrix knows (" + String.join(", ", newer.subList(0, Math.min(5, newer.size())))
                    + (newer.size() > 5 ? ", ..." : "") + "); not in the matrix: what driver they need is unknown here, so they are "
                    + "not chosen");
        }
        return tag;
    }

    /**
     * Adds the driver branch a CUDA version needs, when the installed driver is older; false when no
     * plan can continue (the matrix does not say, or this GPU never gets that branch).
     */
    private boolean driver(HostFacts f, HostGpus gpus, InstallSteps install, Version cuda, Draft d) {
        Optional<CudaToolkit> min = m.minDriverFor(cuda.prefix(2));
        if (min.isEmpty()) {
            d.advise("The matrix has no minimum driver for CUDA " + cuda.prefix(2) + "; see NVIDIA's CUDA release notes",
                    "https://docs.nvidia.com/cuda/cuda-toolkit-release-notes/");
            return false;
        }
        Version need = min.get().minDriverLinux().orElseThrow();
        Optional<Version> running = f.runningDriver();
        if (running.isPresent() && running.get().isAtLeast(need)) {
            return true;
        }
        int branch = need.major();
        Optional<String> tooOld = gpus.lastBranchBelow(branch, m);
        if (tooOld.isPresent()) {
            d.why.add(tooOld.get());
            d.advise("This GPU cannot run CUDA " + cuda.prefix(2) + ": pick an older release of the target", null);
            return false;
        }
        d.why.add("CUDA " + cuda.prefix(2) + " needs driver >= " + need + " (" + cite(min.get()) + "); installed: "
                + running.map(Version::toString).orElse("none") + ", so the plan installs branch " + branch);
        d.act(install.driverBranch(branch));
        return true;
    }

    private Optional<Version> ceiling(HostFacts f) {
        return f.cudaCeiling().or(() -> f.runningDriver().flatMap(m::cudaCeilingOf));
    }

    /**
     * The interpreter pip runs under: the environment that has the framework, else the first
     * virtual or conda environment; a system Python is named with a warning, because Debian and
     * Ubuntu mark it externally managed (PEP 668) and pip refuses to install there.
     */
    private static String python(HostFacts f, String framework, Draft d) {
        List<PythonFacts.PythonEnv> envs = f.python() == null ? List.of() : f.python().environments().orElse(List.of());
        Optional<PythonFacts.PythonEnv> env = envs.stream().filter(e -> e.packages().containsKey(framework)).findFirst()
                .or(() -> envs.stream().filter(e -> e.kind().equals("venv") || e.kind().equals("conda")).findFirst());
        if (env.isPresent()) {
            d.why.add("pip runs in " + env.get().prefix() + " (" + env.get().kind() + ")");
            return env.get().prefix() + "/bin/python3";
        }
        d.why.add("no virtual or conda environment was found: pip runs under python3 on PATH; on Debian and Ubuntu create one "
                + "first (python3 -m venv .venv) and plan again with --python .venv/bin/python3");
        return "python3";
    }

    private static String cite(dev.gpudoctor.matrix.Cited c) {
        return c.citation().where();
    }
}
