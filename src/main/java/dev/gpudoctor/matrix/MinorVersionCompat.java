package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.Optional;

/**
 * CUDA minor version compatibility of one toolkit major (11, 12, 13): the driver floor above which
 * binaries built with any toolkit of that major run, and the driver branches it covers.
 */
public record MinorVersionCompat(int major, Optional<Version> minDriverLinux, Optional<Version> minDriverWindows,
        int branchMin, Optional<Integer> branchMaxExclusive, Citation citation) implements Cited {

    static MinorVersionCompat read(Node n) {
        Node d = n.child("minDriver");
        Node r = n.child("branchRange");
        return new MinorVersionCompat(n.number("major"), d.optVersion("linux"), d.optVersion("windows"),
                r.number("min"), r.optNumber("maxExclusive"), n.citation());
    }

    /** Whether a driver of this branch is in the range the source gives for this major. */
    public boolean coversBranch(int branch) {
        return branch >= branchMin && branchMaxExclusive.map(max -> branch < max).orElse(true);
    }

    @Override
    public String describe() {
        return "CUDA " + major + ".x minor version compatibility: driver Linux >= "
                + minDriverLinux.map(Version::toString).orElse("?")
                + minDriverWindows.map(v -> ", Windows >= " + v).orElse("")
                + ", branches >= " + branchMin + branchMaxExclusive.map(m -> " and < " + m).orElse("");
    }
}
