package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.Optional;

/**
 * A JAX NVIDIA install flavour (jax[cuda12], ...) over a range of JAX versions, with the CUDA,
 * cuDNN and driver it needs.
 *
 * @param jaxVersions the JAX versions it applies to, as the file writes them (">=0.6.0")
 */
public record JaxFlavour(String pipPackage, String jaxVersions, Optional<Version> cudaMin,
        Optional<Version> cudaBuiltWith, Optional<Version> cudnnMin, Optional<Version> cudnnMaxExclusive,
        Optional<Version> driverMin, Optional<Version> computeCapabilityMin, Citation citation) implements Cited {

    static JaxFlavour read(Node n) {
        return new JaxFlavour(n.text("package"), n.text("jax"), n.optVersion("cudaMin"), n.optVersion("cudaBuiltWith"),
                n.optVersion("cudnnMin"), n.optVersion("cudnnMaxExclusive"), n.optVersion("driverMin"),
                n.optVersion("computeCapabilityMin"), n.citation());
    }

    @Override
    public String describe() {
        return pipPackage + " (jax " + jaxVersions + ")"
                + cudaMin.map(v -> ": CUDA >= " + v).orElse(cudaBuiltWith.map(v -> ": built with CUDA " + v).orElse(""))
                + cudnnMin.map(v -> ", cuDNN >= " + v).orElse("")
                + driverMin.map(v -> ", driver >= " + v).orElse("")
                + computeCapabilityMin.map(v -> ", SM >= " + v).orElse("");
    }
}
