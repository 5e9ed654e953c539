package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A cuDNN release and its builds per CUDA major (the rows of its support matrix).
 *
 * @param layout monolithic (7.x), split (8.x) or engines (9.x): which library files make it up
 */
public record CudnnRelease(Version version, Optional<Version> build, Optional<String> layout,
        List<CudaBuild> cudaBuilds, ComputeCapabilities computeCapability, Citation citation) implements Cited {

    /**
     * One package of the release.
     *
     * @param cuda           the package flavour as the table writes it ("12.x", "10.1.243", "11.2 update 1")
     * @param toolkits       CUDA toolkits the row lists
     * @param driverBranches where the table gives branches instead of a minimum driver
     */
    public record CudaBuild(String cuda, List<Version> toolkits, Optional<Version> minDriverLinux,
            Optional<Version> minDriverWindows, List<Integer> driverBranches, ComputeCapabilities computeCapability) {

        static CudaBuild read(Node n) {
            return new CudaBuild(n.text("cuda"), n.versions("toolkits"), n.optVersion("minDriverLinux"),
                    n.optVersion("minDriverWindows"), n.numbers("driverBranches"),
                    ComputeCapabilities.read(n, "computeCapability"));
        }

        @Override
        public String toString() {
            return "CUDA " + cuda + (toolkits.isEmpty() ? "" : " " + toolkits)
                    + minDriverLinux.map(v -> " driver >= " + v).orElse("")
                    + (computeCapability.stated() ? " " + computeCapability : "");
        }
    }

    static CudnnRelease read(Node n) {
        return new CudnnRelease(n.version("version"), n.optVersion("build"), n.optText("layout"),
                n.items("cudaBuilds").stream().map(CudaBuild::read).toList(),
                ComputeCapabilities.read(n, "computeCapability"), n.citation());
    }

    @Override
    public String describe() {
        return "cuDNN " + version + build.map(b -> " (" + b + ")").orElse("")
                + layout.map(l -> ", " + l).orElse("")
                + (cudaBuilds.isEmpty() ? ", builds not stated"
                        : ": " + cudaBuilds.stream().map(CudaBuild::toString).collect(Collectors.joining("; ")))
                + (computeCapability.stated() ? "; " + computeCapability : "");
    }
}
