package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the frameworks say of themselves when imported (check --deep): each interpreter imports each
 * of its GPU frameworks (torch, tensorflow, jax, onnxruntime) in a process of its own, touches the
 * GPU and lists the libraries that process mapped.
 */
public record DeepFacts(Fact<List<Run>> runs) implements Section {

    /**
     * One framework imported by one interpreter.
     *
     * @param messages the last lines the process wrote on stderr, kept when the framework did not run
     *                 cleanly on a GPU: onnxruntime, for one, says why its CUDA provider did not load
     *                 only there
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Run(String environment, String interpreter, String framework, Fact<Answer> answer,
                      List<String> mappedCudaLibraries, List<String> messages) {
        public Run {
            mappedCudaLibraries = mappedCudaLibraries == null ? List.of() : List.copyOf(mappedCudaLibraries);
            messages = messages == null ? List.of() : List.copyOf(messages);
        }

        /** The framework ran its checks on a GPU and every one gave the exact answer. */
        public boolean ranCleanOnGpu() {
            return answer.isFound() && Boolean.TRUE.equals(answer.value().gpuUsable())
                    && !answer.value().checks().containsValue(false);
        }
    }

    /**
     * A framework's own word, the same fields for every framework (null where it cannot say).
     *
     * @param builtForCuda  the CUDA the build was made with ("13.0"); null for a build without CUDA
     * @param builtForCudnn the cuDNN the build was made with, as the framework writes it ("9")
     * @param cudnn         the cuDNN the process loaded (cudnnGetVersion(), decoded: torch's 91900 is 9.19.0)
     * @param gpuUsable     the framework runs work on a GPU (torch.cuda.is_available(), a TensorFlow or
     *                      JAX GPU device, an onnxruntime session that got the CUDA provider)
     * @param checks        name -> whether a product ("matmul") or convolution ("conv") of ones on
     *                      the GPU gave the exact answer
     * @param providers     onnxruntime: the providers its test session got, first used first
     * @param gpuError      why the framework gave no GPU, in its own words, where it said
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Answer(String version, String builtForCuda, String builtForCudnn, Version cudnn, Boolean gpuUsable,
                         List<String> devices, Map<String, Boolean> checks, List<String> providers, String gpuError) {
        public Answer {
            devices = devices == null ? List.of() : List.copyOf(devices);
            checks = checks == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(checks));
            providers = providers == null ? List.of() : List.copyOf(providers);
        }

        /** A build that has no GPU support at all, so "no GPU" is its nature, not a fault. */
        @com.fasterxml.jackson.annotation.JsonIgnore
        public boolean isCpuOnlyBuild() {
            return builtForCuda == null && gpuError == null;
        }
    }

    @Override
    public List<AreaLine> summarize() {
        if (!runs.isFound()) {
            // Not asked for: nothing to say in the summary (the JSON keeps why).
            return List.of();
        }
        List<String> d = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        AreaLine.Health health = AreaLine.Health.OK;
        for (Run r : runs.value()) {
            d.add(r.interpreter() + ": " + r.framework() + " " + r.answer().describe(DeepFacts::details) + Sources.of(r.answer()));
            r.mappedCudaLibraries().forEach(m -> d.add("    mapped " + m));
            r.messages().forEach(m -> d.add("    said " + m));
            heads.add(headline(r));
            if (!r.ranCleanOnGpu() && !(r.answer().isFound() && r.answer().value().isCpuOnlyBuild())) {
                health = AreaLine.Health.PROBLEM;
            }
        }
        return List.of(new AreaLine("Deep", runs.value().isEmpty() ? AreaLine.Health.INFO : health,
                runs.value().isEmpty() ? "no interpreter with a GPU framework to run" : String.join("; ", heads), d));
    }

    private static String headline(Run r) {
        if (!r.answer().isFound()) {
            return r.framework() + " fails in " + r.environment();
        }
        Answer a = r.answer().value();
        String who = r.framework() + " " + a.version();
        if (!Boolean.TRUE.equals(a.gpuUsable())) {
            return who + (a.isCpuOnlyBuild() ? " is a CPU-only build"
                    : a.providers().isEmpty() ? " sees no GPU" : " runs on " + a.providers().get(0));
        }
        return who + " runs on " + (a.devices().isEmpty() ? "the" : a.devices().size()) + " GPU(s)"
                + (a.cudnn() == null ? "" : " with cuDNN " + a.cudnn())
                + (a.checks().containsValue(false) ? " and computes WRONG results" : "");
    }

    private static String details(Answer a) {
        StringBuilder s = new StringBuilder(a.version() + ", GPU usable " + a.gpuUsable());
        if (a.builtForCuda() != null) {
            s.append(", built for CUDA ").append(a.builtForCuda());
        }
        if (a.cudnn() != null) {
            s.append(", cuDNN ").append(a.cudnn());
        }
        if (!a.devices().isEmpty()) {
            s.append(", ").append(a.devices());
        }
        if (!a.providers().isEmpty()) {
            s.append(", providers ").append(a.providers());
        }
        a.checks().forEach((name, ok) -> s.append(", ").append(name).append(ok ? " ok" : " WRONG"));
        if (a.gpuError() != null) {
            s.append(", no GPU: ").append(a.gpuError());
        }
        return s.toString();
    }
}
