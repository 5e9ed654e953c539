package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.Optional;

/**
 * A TensorRT release: the CUDA versions (as its support matrix writes them, "12.4 update 1") and
 * the cuDNN it was tested with for Linux x86-64.
 *
 * @param cudnnOptional true from TensorRT 10, whose matrices title the row "NVIDIA cuDNN (Optional)"
 */
public record TensorrtRelease(Version version, Optional<Version> build, List<String> cudaVersions,
        Optional<String> cudnn, boolean cudnnOptional, ComputeCapabilities computeCapability, Citation citation)
        implements Cited {

    static TensorrtRelease read(Node n) {
        Node c = n.child("cudnn");
        return new TensorrtRelease(n.version("version"), n.optVersion("build"), n.texts("cudaVersions"),
                c.optText("version"), !c.flag("required", true), ComputeCapabilities.read(n, "computeCapability"),
                n.citation());
    }

    @Override
    public String describe() {
        return "TensorRT " + version + build.map(b -> " (" + b + ")").orElse("")
                + (cudaVersions.isEmpty() ? "" : ": CUDA " + String.join(", ", cudaVersions))
                + cudnn.map(c -> "; cuDNN " + c + (cudnnOptional ? " (optional)" : "")).orElse("")
                + (computeCapability.stated() ? "; " + computeCapability : "");
    }
}
