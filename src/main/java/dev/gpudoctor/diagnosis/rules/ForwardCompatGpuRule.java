package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.LibraryCopy;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.matrix.ForwardCompat;
import dev.gpudoctor.matrix.GpuModel;
import dev.gpudoctor.matrix.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Forward compatibility works only on the GPU classes NVIDIA lists (data centre, some RTX
 * professional, Jetson): a newer compat libcuda loaded on a GeForce fails cuInit with error 804
 * ("forward compatibility was attempted on non supported HW").
 */
public final class ForwardCompatGpuRule implements Rule {

    static final String UNSUPPORTED = "compat.unsupported-gpu";

    private final Matrix matrix;

    public ForwardCompatGpuRule(Matrix matrix) {
        this.matrix = matrix;
    }

    @Override
    public List<String> codes() {
        return List.of(UNSUPPORTED);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        Optional<Version> driver = Known.runningDriver(f);
        if (f.cuda() == null || f.linker() == null || driver.isEmpty()) {
            return out;
        }
        for (LibraryCopy c : f.cuda().forwardCompat().orElse(List.of())) {
            if (c.version() == null || c.version().compareTo(driver.get()) <= 0 || !loaded(f.linker(), c.realPath())) {
                continue;
            }
            for (DriverFacts.SmiGpu g : Known.smiGpus(f)) {
                Optional<GpuModel> model = matrix.lookupGpu(g.name());
                Optional<ForwardCompat.GpuClass> cls = model.flatMap(m -> matrix.forwardCompat().gpuClass(m.gpuClass()));
                if (cls.isPresent() && !cls.get().supported()) {
                    out.add(new Finding(UNSUPPORTED, Severity.ERROR, "Forward compat",
                            "Forward-compat libcuda " + c.version() + " is loaded on " + g.name() + ", which does not support it",
                            "Forward compatibility is for data-centre and some professional GPUs; on this GPU cuInit fails "
                                    + "with error 804 (CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE).",
                            List.of(c.describe() + " loaded, running driver " + driver.get(),
                                    g.name() + ": " + model.get().gpuClass() + " [" + model.get().citation().where() + "]",
                                    "forward compatibility on " + cls.get().name() + ": not supported ["
                                            + cls.get().citation().where() + "]"),
                            List.of(Fix.advice("Remove the compat folder from LD_LIBRARY_PATH and ld.so.conf and upgrade "
                                    + "the driver itself to the CUDA version needed.", cls.get().citation().url()))));
                }
            }
        }
        return out;
    }

    private static boolean loaded(LinkerFacts l, String realPath) {
        return l.resolutions().orElse(List.of()).stream().flatMap(r -> r.dependencies().stream())
                .anyMatch(d -> realPath.equals(d.resolvedPath()));
    }
}
