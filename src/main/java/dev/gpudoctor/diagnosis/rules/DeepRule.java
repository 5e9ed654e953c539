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
 * What each framework said of itself (check --deep) against the rest: a GPU build that cannot use
 * the GPU here, wrong results, and a library other than the one the linker emulation found.
 */
public final class DeepRule implements Rule {

    static final String UNAVAILABLE = "deep.gpu-unavailable";
    static final String WRONG = "deep.wrong-result";
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
            List<String> evidence = new ArrayList<>();
            r.messages().forEach(m -> evidence.add(r.interpreter() + " said: " + m));
            if (!r.answer().isFound()) {
                if (r.answer().why() != null && Known.hasGpu(f)) {
                    evidence.add(0, r.interpreter() + " -c deep_probe.py " + r.framework() + ": " + r.answer().why());
                    out.add(new Finding(UNAVAILABLE, Severity.ERROR, "Deep", r.framework() + " in " + r.environment() + " fails: "
                            + r.answer().why(), "Importing or using " + r.framework() + " failed in its own interpreter.", evidence,
                            List.of(Fix.advice("Read the error; the other findings usually say which library or driver is at fault.", null))));
                }
                continue;
            }
            DeepFacts.Answer a = r.answer().value();
            String who = r.framework() + " " + a.version() + " (" + r.environment() + ")";
            if (Known.hasGpu(f) && Boolean.FALSE.equals(a.gpuUsable()) && !a.isCpuOnlyBuild()) {
                evidence.add(0, r.interpreter() + ": " + r.framework() + " built for CUDA " + a.builtForCuda() + ", GPU usable false"
                        + (a.providers().isEmpty() ? "" : ", session providers " + a.providers())
                        + (a.gpuError() == null ? "" : ", " + a.gpuError()));
                out.add(new Finding(UNAVAILABLE, Severity.ERROR, "Deep", who + " is a GPU build but uses no GPU here",
                        r.framework() + " imported, but CUDA does not initialize inside it, or (onnxruntime) its CUDA provider "
                                + "did not load and the session fell back to the CPU without an error: a driver too old for "
                                + "its CUDA, a CUDA or cuDNN library it cannot find, or no device passed in.",
                        evidence, List.of(Fix.advice("See the findings on the driver, the CUDA versions, the library copies and the "
                                + "container; the lines the process wrote say which library failed.", null))));
            }
            if (a.checks().containsValue(false)) {
                out.add(new Finding(WRONG, Severity.ERROR, "Deep", who + " computes a wrong result on the GPU",
                        "A 64x64 matrix product or a 3x3 convolution of ones did not give the exact answer.",
                        List.of(r.interpreter() + ": " + a.checks()),
                        List.of(Fix.advice("Check the GPU's health (ECC, Xid errors in dmesg) and the cuDNN/cuBLAS copies loaded.", null))));
            }
            out.addAll(againstEmulation(f, r, a));
        }
        return out;
    }

    /**
     * The copies the framework's process mapped, and the cuDNN it reports, against the copies the
     * emulation resolved for that framework in that environment: one finding a library at most.
     */
    private static List<Finding> againstEmulation(HostFacts f, DeepFacts.Run r, DeepFacts.Answer a) {
        List<Finding> out = new ArrayList<>();
        if (f.linker() == null) {
            return out;
        }
        for (LinkerFacts.Resolution res : f.linker().resolutions().orElse(List.of())) {
            if (!res.framework().equals(r.framework()) || !r.environment().equals(res.environment())) {
                continue;
            }
            for (LinkerFacts.Dependency d : res.dependencies()) {
                if (d.resolvedPath() == null) {
                    continue;
                }
                String emulated = d.soname() + " -> " + d.resolvedPath() + (d.version() == null ? "" : " (" + d.version() + ")")
                        + " via " + d.via();
                List<String> mapped = r.mappedCudaLibraries().stream().filter(m -> LibraryFamily.sameFamily(m, d.soname())).toList();
                if (!mapped.isEmpty() && mapped.stream().noneMatch(m -> LibraryFamily.sameCopy(m, d.resolvedPath()))) {
                    out.add(differs(r.framework() + " mapped " + mapped.get(0) + "; the linker emulation says it loads "
                            + d.resolvedPath(), List.of(r.interpreter() + ": /proc/self/maps has " + String.join(", ", mapped), emulated)));
                    continue;
                }
                if (d.soname().startsWith("libcudnn.so") && a.cudnn() != null && d.version() != null
                        && !d.version().prefix(3).equals(a.cudnn().prefix(3))) {
                    out.add(differs(r.framework() + " reports cuDNN " + a.cudnn() + "; the linker emulation says it loads " + d.version(),
                            List.of(r.interpreter() + ": " + r.framework() + " reports cuDNN " + a.cudnn(), emulated)));
                }
            }
        }
        return out;
    }

    private static Finding differs(String title, List<String> evidence) {
        return new Finding(DIFFERS, Severity.WARNING, "Deep", title,
                "The running framework and the static search disagree: something (a preload, an earlier dlopen, the "
                        + "job's environment) changes which copy is used.",
                evidence, List.of(Fix.advice("Compare LD_PRELOAD and LD_LIBRARY_PATH of the shell that runs the job.", null)));
    }
}
