package dev.gpudoctor.fact.section;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Version;
import java.util.List;

/**
 * One source's word on a version: "version.json says 12.4.1", "nvcc --version says 13.0.88".
 * Sources disagree on purpose (nvcc, cudart and the toolkit have different numbers), so each
 * claim keeps what it is the version of.
 *
 * @param of     what the version is of ("toolkit", "nvcc", "cudart", "cuda.h CUDA_VERSION", "package cuda-nvcc-13-0")
 * @param source the file, command or package the claim comes from
 */
public record VersionClaim(String of, Version version, String source, List<Evidence> evidence) {

    public VersionClaim {
        // What the claim is about and the version claimed: rules look claims up by them.
        if (of == null || version == null) {
            throw new IllegalArgumentException("a version claim needs what it is of and the version");
        }
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public String describe() {
        return of + " " + version + " (" + source + ")";
    }
}
