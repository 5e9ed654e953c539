package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * What the frameworks say of themselves when imported (check --deep): each interpreter runs a
 * short script that imports torch, touches the GPU and lists the libraries it mapped.
 */
public record DeepFacts(Fact<List<Run>> runs) implements Section {

    /** One interpreter's answer. */
    public record Run(String environment, String interpreter, Fact<Torch> torch, List<String> mappedCudaLibraries) {
        public Run {
            mappedCudaLibraries = mappedCudaLibraries == null ? List.of() : List.copyOf(mappedCudaLibraries);
        }
    }

    /** torch's own word; cudnn is torch.backends.cudnn.version() (91900). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Torch(String version, String builtForCuda, Integer cudnn, Boolean cudaAvailable, Integer deviceCount,
                        List<String> devices, Boolean matmulOk, Boolean convOk) {
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
            d.add(r.interpreter() + ": torch " + r.torch().describe(t -> t.version() + ", CUDA available " + t.cudaAvailable()
                    + (t.cudnn() == null ? "" : ", cuDNN " + Version.fromCudnnInt(t.cudnn()))
                    + (t.devices() == null ? "" : ", " + t.devices())
                    + (t.matmulOk() == null ? "" : ", matmul " + (t.matmulOk() ? "ok" : "WRONG"))
                    + (t.convOk() == null ? "" : ", conv " + (t.convOk() ? "ok" : "WRONG"))) + Sources.of(r.torch()));
            r.mappedCudaLibraries().forEach(m -> d.add("    mapped " + m));
            if (r.torch().isFound()) {
                Torch t = r.torch().value();
                heads.add("torch " + t.version() + (Boolean.TRUE.equals(t.cudaAvailable()) ? " runs on " + t.deviceCount()
                        + " GPU(s)" + (t.cudnn() == null ? "" : " with cuDNN " + Version.fromCudnnInt(t.cudnn())) : " sees no GPU"));
                if (!Boolean.TRUE.equals(t.cudaAvailable()) || Boolean.FALSE.equals(t.matmulOk()) || Boolean.FALSE.equals(t.convOk())) {
                    health = AreaLine.Health.PROBLEM;
                }
            }
        }
        return List.of(new AreaLine("Deep", runs.value().isEmpty() ? AreaLine.Health.INFO : health,
                runs.value().isEmpty() ? "no interpreter with a GPU framework to run" : String.join("; ", heads), d));
    }
}
