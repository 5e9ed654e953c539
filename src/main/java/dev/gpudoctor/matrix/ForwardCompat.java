package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.Optional;

/**
 * CUDA forward compatibility: which GPU classes may use a cuda-compat package at all, and on which
 * driver branches each package is supported.
 */
public record ForwardCompat(List<GpuClass> gpuClasses, List<CompatPackage> packages) {

    /** A GPU class (datacenter, workstation, embedded, consumer) and whether forward compatibility applies to it. */
    public record GpuClass(String name, boolean supported, Citation citation) implements Cited {

        static GpuClass read(Node n) {
            return new GpuClass(n.text("class"), n.flag("supported", false), n.citation());
        }

        @Override
        public String describe() {
            return name + ": forward compatibility " + (supported ? "supported" : "not supported");
        }
    }

    /**
     * One cuda-compat-MAJOR-MINOR package.
     *
     * @param compatDriver          the branch its libcuda comes from, where stated
     * @param supportedBaseBranches installed driver branches it supports ("C" in NVIDIA's table)
     * @param nativeBranch          the branch that needs no package for this CUDA version ("N/A")
     * @param notCompatibleBranches branches it must not be used on ("X")
     */
    public record CompatPackage(Version cudaVersion, String name, Optional<Integer> compatDriver,
            List<Integer> supportedBaseBranches, Optional<Integer> nativeBranch, List<Integer> notCompatibleBranches,
            Citation citation) implements Cited {

        static CompatPackage read(Node n) {
            return new CompatPackage(n.version("cudaVersion"), n.text("package"), n.optNumber("compatDriver"),
                    n.numbers("supportedBaseBranches"), n.optNumber("nativeBranch"), n.numbers("notCompatibleBranches"),
                    n.citation());
        }

        @Override
        public String describe() {
            return name + " (CUDA " + cudaVersion + "): supported on branches " + supportedBaseBranches
                    + nativeBranch.map(b -> ", native on " + b).orElse("")
                    + (notCompatibleBranches.isEmpty() ? "" : ", not on " + notCompatibleBranches);
        }
    }

    public Optional<GpuClass> gpuClass(String name) {
        return gpuClasses.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
    }

    /** The package for this CUDA version (its major.minor). */
    public Optional<CompatPackage> packageFor(Version cuda) {
        return packages.stream().filter(p -> p.cudaVersion().equals(cuda.prefix(2))).findFirst();
    }
}
