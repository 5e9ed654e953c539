package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;

/** Every CUDA toolkit on the host, where /usr/local/cuda points, and forward-compat libraries. */
public record CudaFacts(
        Fact<List<Toolkit>> toolkits,
        Fact<String> defaultToolkitLink,
        Fact<String> cudaHomeVariable,
        Fact<String> nvccOnPath,
        Fact<List<LibraryCopy>> forwardCompat) implements Section {

    /**
     * One toolkit installation.
     *
     * @param home     its directory ("/usr/local/cuda-13.0")
     * @param version  the toolkit release as best known (13.0.2), from the strongest claim
     * @param claims   every source's word, side by side (version.json, nvcc, cudart, headers, packages)
     * @param foundBy  how it was found ("/usr/local/cuda-*", "CUDA_HOME", "nvcc on PATH", "dpkg")
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Toolkit(String home, Version version, List<VersionClaim> claims, List<String> foundBy) {
        public Toolkit {
            if (home == null) {
                throw new IllegalArgumentException("a toolkit needs its home");
            }
            claims = List.copyOf(claims);
            foundBy = List.copyOf(foundBy);
        }

        public java.util.Optional<Version> claim(String of) {
            return claims.stream().filter(c -> c.of().equals(of)).map(VersionClaim::version).findFirst();
        }
    }

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        for (Toolkit t : toolkits.orElse(List.of())) {
            d.add(t.home() + ": toolkit " + (t.version() == null ? "version unknown" : t.version())
                    + " (found by " + String.join(", ", t.foundBy()) + ")");
            for (VersionClaim c : t.claims()) {
                d.add("    " + c.describe());
            }
        }
        if (!toolkits.isFound()) {
            d.add("toolkits: " + toolkits.describe(x -> "") + Sources.of(toolkits));
        }
        d.add("/usr/local/cuda: " + defaultToolkitLink.describe(s -> "-> " + s) + Sources.of(defaultToolkitLink));
        d.add("CUDA_HOME: " + cudaHomeVariable.describe(s -> s) + Sources.of(cudaHomeVariable));
        d.add("nvcc on PATH: " + nvccOnPath.describe(s -> s) + Sources.of(nvccOnPath));
        d.add("forward-compat libcuda: " + forwardCompat.describe(l -> l.isEmpty() ? "none"
                : String.join(", ", l.stream().map(LibraryCopy::describe).toList())) + Sources.of(forwardCompat));
        List<Toolkit> all = toolkits.orElse(List.of());
        String head;
        if (all.isEmpty()) {
            head = "no CUDA toolkit installed";
        } else {
            List<String> parts = new ArrayList<>();
            for (Toolkit t : all) {
                StringBuilder b = new StringBuilder("toolkit ").append(t.version() == null ? "?" : t.version());
                List<String> sub = new ArrayList<>();
                t.claim("nvcc").ifPresent(v -> sub.add("nvcc " + v));
                t.claim("cudart").ifPresent(v -> sub.add("cudart " + v));
                if (!sub.isEmpty()) {
                    b.append(" (").append(String.join(", ", sub)).append(")");
                }
                b.append(" at ").append(t.home());
                parts.add(b.toString());
            }
            head = String.join("; ", parts);
        }
        return List.of(AreaLine.info("CUDA toolkit", head, d));
    }
}
