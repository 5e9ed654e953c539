package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.Optional;

/**
 * A CUDA toolkit release and the driver it was released with (Table 3 of the CUDA release notes).
 * That driver is what this exact release needs, not the floor for binaries built with it: see
 * {@link MinorVersionCompat} for that.
 */
public record CudaToolkit(Version version, Optional<Version> cudartVersion, Optional<Version> minDriverLinux,
        Optional<Version> minDriverWindows, Citation citation) implements Cited {

    static CudaToolkit read(Node n) {
        Node d = n.child("minDriver");
        return new CudaToolkit(n.version("version"), n.optVersion("cudartVersion"),
                d.optVersion("linux"), d.optVersion("windows"), n.citation());
    }

    public boolean statesMinDriver() {
        return minDriverLinux.isPresent() || minDriverWindows.isPresent();
    }

    @Override
    public String describe() {
        return "CUDA " + version
                + cudartVersion.map(v -> " (cudart " + v + ")").orElse("")
                + ": toolkit driver " + (statesMinDriver()
                        ? "Linux >= " + minDriverLinux.map(Version::toString).orElse("?")
                                + ", Windows >= " + minDriverWindows.map(Version::toString).orElse("n/a")
                        : "not stated");
    }
}
