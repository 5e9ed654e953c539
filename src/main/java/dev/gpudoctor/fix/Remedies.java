package dev.gpudoctor.fix;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.PciFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.matrix.DriverBranch;
import dev.gpudoctor.matrix.GpuModel;
import dev.gpudoctor.matrix.LastBranch;
import dev.gpudoctor.matrix.Matrix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The install steps that answer a finding on this host's distribution: rules name the problem and
 * advise in words; where an install can fix it (a driver branch, cuDNN), the steps from
 * install.yaml go first, and the rule's own advice stays as the alternative. A value not safe for
 * an argv, or a host install.yaml has no steps for, leaves the finding as the rule wrote it.
 */
public final class Remedies {

    private final HostFacts f;
    private final Matrix m;
    private final InstallSteps install;

    public Remedies(HostFacts f, Matrix m) {
        this.f = f;
        this.m = m;
        this.install = new InstallSteps(m, Distribution.of(f, m));
    }

    public Finding forFinding(Finding finding) {
        try {
            Optional<Fix> steps = switch (finding.code()) {
                case "gpu.no-driver" -> noDriver();
                case "framework.cuda-above-driver", "framework.cuda-minor-above-driver", "toolkit.above-driver" ->
                        neededCuda().flatMap(this::branchFor).map(install::driverBranch);
                case "linker.not-found" -> missingCudnn();
                default -> Optional.empty();
            };
            return steps.filter(Fix::isRunnable).map(fix -> withFirst(finding, fix)).orElse(finding);
        } catch (IllegalArgumentException refused) {
            // SafeValues refused a value: the finding keeps its advice rather than carry a doubtful command.
            return finding;
        }
    }

    private static Finding withFirst(Finding f, Fix fix) {
        List<Fix> fixes = new ArrayList<>();
        fixes.add(fix);
        fixes.addAll(f.fixes());
        return new Finding(f.code(), f.severity(), f.area(), f.title(), f.explanation(), f.evidence(), fixes);
    }

    /**
     * No driver loaded: the newest long-term or production branch the matrix lists, or the last
     * branch of this GPU's architecture when that is older (a Kepler card stays on R470).
     */
    private Optional<Fix> noDriver() {
        if (f.driver() != null && !f.driver().libcuda().orElse(List.of()).isEmpty()) {
            // The user-space driver is installed: installing again is not the answer. Without Secure
            // Boot in the way, loading the modules is; with it, the rule's advice (sign or disable) stands.
            boolean secureBoot = f.kernel() != null && f.kernel().secureBoot().orElse(false);
            return secureBoot ? Optional.empty() : Optional.of(new Fix("Load the installed NVIDIA kernel modules and create "
                    + "their device nodes (if modprobe says the module is not found, the module was not built for the "
                    + "running kernel: reinstall the driver, or its DKMS module)", List.of(List.of("modprobe", "nvidia"),
                    List.of("nvidia-modprobe", "-u", "-c=0")), true, false, Fix.Risk.CHANGES_KERNEL,
                    "https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/"));
        }
        Optional<Integer> newest = m.driverBranches().stream().filter(b -> b.citation().confirmed())
                .filter(b -> b.branchType().map(t -> t.equals("ltsb") || t.equals("pb")).orElse(false))
                .map(DriverBranch::branch).max(Comparator.naturalOrder());
        Optional<Integer> last = pciModels().map(GpuModel::computeCapability).map(m::lastBranchFor).flatMap(Optional::stream)
                .filter(l -> l.citation().confirmed()).map(LastBranch::lastBranch).min(Comparator.naturalOrder());
        Optional<Integer> branch = last.isPresent() && newest.map(n -> last.get() < n).orElse(true) ? last : newest;
        return branch.map(install::driverBranch);
    }

    private Stream<GpuModel> pciModels() {
        List<PciFacts.PciDevice> gpus = f.pci() == null ? List.of() : f.pci().gpus();
        return gpus.stream().flatMap(g -> m.lookupGpuByPciId(g.deviceId()).stream()).filter(g -> g.citation().confirmed());
    }

    /** The newest CUDA a framework build or a toolkit here is for: what the driver must support. */
    private Optional<Version> neededCuda() {
        List<Version> wanted = new ArrayList<>();
        List<PythonFacts.PythonEnv> envs = f.python() == null ? List.of() : f.python().environments().orElse(List.of());
        for (PythonFacts.PythonEnv e : envs) {
            e.torch().get().map(PythonFacts.TorchBuild::builtForCuda).ifPresent(wanted::add);
            e.tensorflow().get().flatMap(t -> Version.find(t.builtForCuda())).ifPresent(wanted::add);
            e.onnxruntime().get().flatMap(o -> Version.find(o.builtForCuda())).ifPresent(wanted::add);
        }
        if (f.cuda() != null) {
            f.cuda().toolkits().orElse(List.of()).stream().map(CudaFacts.Toolkit::version).filter(v -> v != null)
                    .forEach(wanted::add);
        }
        return wanted.stream().map(v -> v.prefix(2)).max(Comparator.naturalOrder());
    }

    /** The branch of the minimum driver the matrix gives for a CUDA version, unless the GPU never gets it. */
    private Optional<Integer> branchFor(Version cuda) {
        Optional<Integer> branch = m.minDriverFor(cuda).flatMap(t -> t.minDriverLinux()).map(Version::major);
        List<Integer> lasts = f.driver() == null || !f.driver().smi().isFound() ? List.of() : f.driver().smi().value().gpus().stream()
                .flatMap(g -> m.lookupGpu(g.name()).stream()).filter(g -> g.citation().confirmed())
                .flatMap(g -> m.lastBranchFor(g.computeCapability()).stream()).map(LastBranch::lastBranch).toList();
        return branch.filter(b -> lasts.stream().allMatch(l -> l >= b));
    }

    /** A framework that cannot find libcudnn.so.N: cuDNN N for the framework's CUDA major. */
    private Optional<Fix> missingCudnn() {
        if (f.linker() == null) {
            return Optional.empty();
        }
        for (LinkerFacts.Resolution r : f.linker().resolutions().orElse(List.of())) {
            for (LinkerFacts.Dependency d : r.dependencies()) {
                if ("not-found".equals(d.via()) && d.soname().startsWith("libcudnn.so.")) {
                    Optional<Integer> cudnnMajor = Version.find(d.soname().substring("libcudnn.so.".length())).map(Version::major);
                    Optional<Integer> cudaMajor = frameworkCuda(r).map(Version::major);
                    if (cudnnMajor.isPresent() && cudaMajor.isPresent()) {
                        return Optional.of(install.cudnn(cudnnMajor.get(), cudaMajor.get()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Version> frameworkCuda(LinkerFacts.Resolution r) {
        List<PythonFacts.PythonEnv> envs = f.python() == null ? List.of() : f.python().environments().orElse(List.of());
        return envs.stream().filter(e -> e.prefix().equals(r.environment())).findFirst().flatMap(e -> switch (r.framework()) {
            case "torch" -> e.torch().get().map(PythonFacts.TorchBuild::builtForCuda);
            case "tensorflow" -> e.tensorflow().get().flatMap(t -> Version.find(t.builtForCuda()));
            case "onnxruntime" -> e.onnxruntime().get().flatMap(o -> Version.find(o.builtForCuda()));
            default -> Optional.empty();
        });
    }
}
