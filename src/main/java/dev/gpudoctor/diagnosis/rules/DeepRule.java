package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DeepFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * What torch said of itself (check --deep) against the rest: CUDA not usable from torch on a GPU
 * host, wrong results, and a cuDNN other than the one the linker emulation found.
 */
public final class DeepRule implements Rule {

    static final String UNAVAILABLE = "deep.torch-cuda-unavailable";
    static final String WRONG = "deep.torch-wrong-result";
    static final String DIFFERS = "deep.differs-from-emulation";

    @Override
    public List<String> codes() {
        return List.of(UNAVAILABLE, WRONG, DIFFERS);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        if (f.deep() == null || !f.deep().runs().isFound()) {
            return out;
        }
        for (DeepFacts.Run r : f.deep().runs().value()) {
            if (!r.torch().isFound()) {
                if (r.torch().why() != null && Known.hasGpu(f)) {
                    out.add(new Finding(UNAVAILABLE, Severity.ERROR, "Deep", "torch in " + r.environment() + " fails: " + r.torch().why(),
                            "Importing or using torch failed in its own interpreter.", List.of(r.interpreter() + ": " + r.torch().why()),
                            List.of(Fix.advice("Read the error; the other findings usually say which library or driver is at fault.", null))));
                }
                continue;
            }
            DeepFacts.Torch t = r.torch().value();
            String who = "torch " + t.version() + " (" + r.environment() + ")";
            if (Known.hasGpu(f) && Boolean.FALSE.equals(t.cudaAvailable())) {
                out.add(new Finding(UNAVAILABLE, Severity.ERROR, "Deep", who + " sees no GPU: torch.cuda.is_available() is False",
                        "torch imported, but CUDA does not initialize inside it (driver too old for its CUDA, no device "
                                + "passed in, or a CPU-only build).",
                        List.of(r.interpreter() + ": cudaAvailable false, built for CUDA " + t.builtForCuda()),
                        List.of(Fix.advice("See the findings on the driver, the CUDA versions and the container.", null))));
            }
            if (Boolean.FALSE.equals(t.matmulOk()) || Boolean.FALSE.equals(t.convOk())) {
                out.add(new Finding(WRONG, Severity.ERROR, "Deep", who + " computes a wrong result on the GPU",
                        "A 64x64 matrix product or a 3x3 convolution of ones did not give the exact answer.",
                        List.of(r.interpreter() + ": matmul " + t.matmulOk() + ", conv " + t.convOk()),
                        List.of(Fix.advice("Check the GPU's health (ECC, Xid errors in dmesg) and the cuDNN/cuBLAS copies loaded.", null))));
            }
            if (t.cudnn() != null && f.linker() != null) {
                Version said = Version.fromCudnnInt(t.cudnn());
                for (LinkerFacts.Resolution res : f.linker().resolutions().orElse(List.of())) {
                    if (!res.framework().equals("torch") || !r.environment().equals(res.environment())) {
                        continue;
                    }
                    res.dependencies().stream().filter(d -> d.soname().startsWith("libcudnn.so") && d.version() != null)
                            .filter(d -> !d.version().prefix(3).equals(said))
                            .forEach(d -> out.add(new Finding(DIFFERS, Severity.WARNING, "Deep",
                                    "torch reports cuDNN " + said + "; the linker emulation says it loads " + d.version(),
                                    "The running framework and the static search disagree: something (a preload, the job's "
                                            + "environment) changes which copy is used.",
                                    List.of(r.interpreter() + ": torch.backends.cudnn.version() = " + t.cudnn(),
                                            d.soname() + " -> " + d.resolvedPath() + " (" + d.version() + ") via " + d.via()),
                                    List.of(Fix.advice("Compare LD_PRELOAD and LD_LIBRARY_PATH of the shell that runs the job.", null)))));
                }
            }
        }
        return out;
    }
}
