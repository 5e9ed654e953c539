package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;

/** The last driver branch that supports an old GPU architecture (Kepler: R470, Volta: R580). */
public record LastBranch(String architecture, List<Version> computeCapabilities, int lastBranch, Citation citation)
        implements Cited {

    static LastBranch read(Node n) {
        return new LastBranch(n.text("architecture"), n.versions("computeCapabilities"), n.number("lastBranch"),
                n.citation());
    }

    @Override
    public String describe() {
        return architecture + " " + computeCapabilities + ": last driver branch R" + lastBranch;
    }
}
