package dev.gpudoctor.diagnosis.compatible;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fix.ngc.ImageMatch;
import dev.gpudoctor.fix.ngc.NgcMatcher;
import dev.gpudoctor.matrix.CudaToolkit;
import dev.gpudoctor.matrix.GpuModel;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MinorVersionCompat;
import dev.gpudoctor.matrix.PytorchRelease;
import dev.gpudoctor.matrix.TensorflowRelease;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What this host's driver and GPUs can run, from the matrix: CUDA toolkits (natively, or by minor
 * version compatibility), PyTorch builds (CUDA variant and GPU architecture), TensorFlow releases
 * and NGC images. Each item cites the matrix line it stands on.
 */
public final class Compatibility {

    /** How an item runs here. */
    public enum Way { NATIVE, MINOR_VERSION_COMPATIBILITY, FORWARD_COMPATIBILITY }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String name, Way way, String detail, String source) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(Version driver, Version cudaCeiling, List<String> gpus, List<Item> toolkits,
                         List<Item> pytorch, List<Item> tensorflow, List<Item> ngc, List<String> notes) {
    }

    private Compatibility() {
    }

    public static Result of(HostFacts f, Matrix m) {
        List<String> notes = new ArrayList<>();
        Optional<Version> driver = f.runningDriver();
        if (driver.isEmpty()) {
            return new Result(null, null, List.of(), List.of(), List.of(), List.of(), List.of(),
                    List.of("no NVIDIA driver is running here: nothing can run on a GPU until one is installed"));
        }
        Version d = driver.get();
        Version ceiling = f.cudaCeiling().or(() -> m.cudaCeilingOf(d)).orElse(null);
        List<DriverFacts.SmiGpu> gpus = f.driver() == null || !f.driver().smi().isFound() ? List.of()
                : f.driver().smi().value().gpus();
        List<Version> ccs = new ArrayList<>();
        List<String> gpuLines = new ArrayList<>();
        for (DriverFacts.SmiGpu g : gpus) {
            Optional<GpuModel> model = m.lookupGpu(g.name()).filter(x -> x.citation().confirmed());
            model.ifPresent(x -> ccs.add(x.computeCapability()));
            gpuLines.add(g.name() + model.map(x -> ": compute capability " + x.computeCapability() + ", " + x.gpuClass())
                    .orElse(": not in the matrix"));
        }
        if (ceiling == null) {
            notes.add("the driver's CUDA ceiling is unknown (nvidia-smi did not answer, and branch " + d.major()
                    + " is not in the matrix)");
            return new Result(d, null, gpuLines, List.of(), List.of(), List.of(), List.of(), notes);
        }
        return new Result(d, ceiling, gpuLines, toolkits(m, d, ceiling), pytorch(m, ceiling, ccs),
                tensorflow(m, ceiling), ngc(m, f), notes);
    }

    private static List<Item> toolkits(Matrix m, Version d, Version ceiling) {
        List<Item> out = new ArrayList<>();
        for (CudaToolkit t : m.cudaToolkits()) {
            if (!t.citation().confirmed()) {
                continue;
            }
            boolean native_ = t.minDriverLinux().map(d::isAtLeast).orElse(t.version().prefix(2).compareTo(ceiling) <= 0);
            if (native_) {
                out.add(new Item("CUDA " + t.version(), Way.NATIVE, t.minDriverLinux().map(v -> "needs driver >= " + v).orElse(null),
                        cite(t.citation())));
            } else {
                Optional<MinorVersionCompat> mvc = m.minorVersionCompatFor(t.version())
                        .filter(c -> c.citation().confirmed() && c.minDriverLinux().map(d::isAtLeast).orElse(false));
                mvc.ifPresent(c -> out.add(new Item("CUDA " + t.version(), Way.MINOR_VERSION_COMPATIBILITY,
                        "CUDA " + c.major() + ".x runs on drivers >= " + c.minDriverLinux().get()
                                + ", except code that needs newer PTX JIT-compiled", cite(c.citation()))));
            }
        }
        out.sort(Comparator.comparing((Item i) -> Version.find(i.name()).orElseThrow()).reversed());
        return out;
    }

    private static List<Item> pytorch(Matrix m, Version ceiling, List<Version> ccs) {
        List<Item> out = new ArrayList<>();
        for (PytorchRelease r : m.pytorch()) {
            for (PytorchRelease.Variant v : r.variants()) {
                Way way = v.cuda().compareTo(ceiling.prefix(2)) <= 0 ? Way.NATIVE
                        : v.cuda().major() == ceiling.major() ? Way.MINOR_VERSION_COMPATIBILITY : null;
                if (way == null) {
                    continue;
                }
                if (!v.archs().isEmpty() && v.archsConfirmed() && !ccs.isEmpty()
                        && !ccs.stream().allMatch(cc -> v.archs().contains(cc)
                        || v.ptxArch().filter(p -> cc.compareTo(p) > 0).isPresent())) {
                    continue;
                }
                String detail = r.indexUrlOf(v).map(u -> "pip install torch==" + r.version() + ".* --index-url " + u)
                        .orElse(null);
                out.add(new Item("torch " + r.version() + " " + v.tag(), way, detail, cite(r.citation())));
            }
        }
        out.sort(Comparator.comparing((Item i) -> Version.find(i.name()).orElseThrow()).reversed());
        return out;
    }

    private static List<Item> tensorflow(Matrix m, Version ceiling) {
        List<Item> out = new ArrayList<>();
        for (TensorflowRelease t : m.tensorflow()) {
            if (t.citation().confirmed() && t.cuda().major() <= ceiling.major()) {
                Way way = t.cuda().compareTo(ceiling.prefix(2)) <= 0 ? Way.NATIVE : Way.MINOR_VERSION_COMPATIBILITY;
                out.add(new Item("tensorflow " + t.version(), way, "tested with CUDA " + t.cuda() + ", cuDNN " + t.cudnn(),
                        cite(t.citation())));
            }
        }
        out.sort(Comparator.comparing((Item i) -> Version.find(i.name()).orElseThrow()).reversed());
        return out;
    }

    /**
     * The NGC images that run here on confirmed entries only, as {@link NgcMatcher} judges them (driver
     * stated by the release or derived from its CUDA version, forward compatibility by GPU class and
     * branch, compute capability), newest release first.
     */
    private static List<Item> ngc(Matrix m, HostFacts f) {
        List<ImageMatch> running = new ArrayList<>(new NgcMatcher(m).judge(f).stream()
                .filter(i -> i.runs() && i.confirmed()).toList());
        running.sort(Comparator.comparing((ImageMatch i) -> i.image().release()).reversed()
                .thenComparing(ImageMatch::name));
        return running.stream().map(i -> new Item(i.name(),
                i.way() == dev.gpudoctor.fix.ngc.Way.NATIVE ? Way.NATIVE : Way.FORWARD_COMPATIBILITY,
                i.image().cuda().map(c -> "CUDA " + c).orElse(null), cite(i.image().citation()))).toList();
    }

    private static String cite(dev.gpudoctor.matrix.Citation c) {
        return c.where() + " (" + c.url() + ")";
    }
}
