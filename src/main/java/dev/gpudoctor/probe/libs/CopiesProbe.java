package dev.gpudoctor.probe.libs;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.CopiesFacts;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.VersionClaim;
import dev.gpudoctor.host.NativeLibraries;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.cuda.CudaProbe;
import dev.gpudoctor.probe.dnn.DnnProbe;
import dev.gpudoctor.probe.linker.LinkerProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads each copy of the CUDA runtime, cuDNN, cuBLAS, NVRTC and TensorRT that the other probes point
 * at and asks it its own version: "does this copy load, and what does it say?". The copies are the
 * linker's resolutions (what frameworks really load), each toolkit's libcudart and cuDNN / TensorRT
 * library installs. Those sections come from {@link ProbeContext#section}, computed once per run
 * whichever probe asks first. Each load is bounded.
 */
public final class CopiesProbe implements Probe<CopiesFacts> {

    static final Duration DEADLINE = Duration.ofSeconds(5);
    public static final String NOT_ASKED = "not asked (check --deep loads each copy)";
    private static final List<String> RESOLVED_SONAMES =
            List.of("libcudart", "libcudnn.so", "libcublas.so", "libnvrtc.so", "libnvinfer.so");

    @Override
    public String name() {
        return "copies";
    }

    @Override
    public CopiesFacts probe(ProbeContext ctx) {
        NativeLibraries natives = ctx.host().natives();
        Fact<String> availability = natives.availability();
        if (!ctx.deep()) {
            // Loading a copy runs its initialisation code: only on request, like importing the frameworks.
            return new CopiesFacts(Fact.absent(NOT_ASKED));
        }
        if (!availability.isFound()) {
            return new CopiesFacts(availability.withoutValue(availability.why()));
        }
        Map<String, Candidate> candidates = new LinkedHashMap<>();
        LinkerFacts linker = ctx.section(new LinkerProbe());
        for (LinkerFacts.Resolution r : linker.resolutions().orElse(List.of())) {
            for (LinkerFacts.Dependency dep : r.dependencies()) {
                if (dep.resolvedPath() != null && RESOLVED_SONAMES.stream().anyMatch(dep.soname()::startsWith)) {
                    candidate(candidates, dep.resolvedPath()).resolvedBy.add(r.framework() + " (" + dep.soname() + ")");
                }
            }
        }
        CudaFacts cuda = ctx.section(new CudaProbe());
        for (CudaFacts.Toolkit t : cuda.toolkits().orElse(List.of())) {
            for (VersionClaim c : t.claims()) {
                if (c.of().equals("cudart") && c.source() != null && c.source().startsWith("/")) {
                    candidate(candidates, c.source()).foundAs.add("toolkit " + t.home());
                }
            }
        }
        DnnFacts dnn = ctx.section(new DnnProbe());
        installs(candidates, dnn.cudnn(), "cuDNN library install");
        installs(candidates, dnn.tensorrt(), "TensorRT library install");
        List<CopiesFacts.Answer> out = new ArrayList<>();
        var answers = natives.askLibraries(new ArrayList<>(candidates.keySet()), DEADLINE);
        for (Candidate c : candidates.values()) {
            out.add(new CopiesFacts.Answer(c.path, c.resolvedBy, c.foundAs,
                    answers.getOrDefault(c.path, Fact.failed("no answer for this copy"))));
        }
        return new CopiesFacts(Fact.found(out, availability.evidence().isEmpty()
                ? List.of(Evidence.derived("copies named by the linker, cuda and dnn sections"))
                : availability.evidence()));
    }

    private static void installs(Map<String, Candidate> candidates, Fact<List<DnnFacts.Install>> installs, String why) {
        for (DnnFacts.Install i : installs.orElse(List.of())) {
            if ("library".equals(i.origin()) && i.detail() != null && i.detail().startsWith("/")) {
                candidate(candidates, i.detail()).foundAs.add(why);
            }
        }
    }

    private static Candidate candidate(Map<String, Candidate> candidates, String path) {
        return candidates.computeIfAbsent(path, Candidate::new);
    }

    /** A path to ask and every reason it was named. */
    private static final class Candidate {
        final String path;
        final List<String> resolvedBy = new ArrayList<>();
        final List<String> foundAs = new ArrayList<>();

        Candidate(String path) {
            this.path = path;
        }
    }
}
