package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.Optional;

/**
 * A driver branch (535, 580, ...) and the highest CUDA version its drivers support without a
 * forward compatibility package, which is what nvidia-smi prints as "CUDA Version".
 *
 * @param cudaCeilingMajor where only the major is known (R620: CUDA 13)
 * @param branchType       ltsb, pb, nfb, ... where a source states it
 * @param ltsConfirmed     false where the LTS status comes only from a third party
 */
public record DriverBranch(int branch, Optional<Version> cudaCeiling, Optional<Integer> cudaCeilingMajor,
        Optional<String> branchType, boolean lts, boolean ltsConfirmed, Optional<String> eol, Citation citation)
        implements Cited {

    static DriverBranch read(Node n) {
        return new DriverBranch(n.number("branch"), n.optVersion("cudaCeiling"), n.optNumber("cudaCeilingMajor"),
                n.optText("branchType"), n.flag("lts", false), n.flag("ltsConfirmed", true), n.optText("eol"),
                n.citation());
    }

    @Override
    public String describe() {
        return "R" + branch + ": CUDA ceiling "
                + cudaCeiling.map(Version::toString).orElse(cudaCeilingMajor.map(m -> m + ".x").orElse("not stated"))
                + (lts ? ", LTS" + (ltsConfirmed ? "" : " (unconfirmed)") : "")
                + branchType.map(t -> ", " + t).orElse("")
                + eol.map(e -> ", end of life " + e).orElse("");
    }
}
