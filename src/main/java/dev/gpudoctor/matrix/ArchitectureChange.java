package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;

/**
 * GPU architectures (SM numbers such as 75 for sm_75) a CUDA toolkit added, deprecated or dropped, and
 * where a source lists it, every architecture the toolkit's nvcc builds for ({@code supportedSm}, empty
 * where not stated).
 */
public record ArchitectureChange(Version toolkit, List<Integer> addedSm, List<Integer> deprecatedSm,
        List<Integer> droppedSm, List<Integer> supportedSm, Citation citation) implements Cited {

    static ArchitectureChange read(Node n) {
        return new ArchitectureChange(n.version("toolkit"), n.numbers("addedSm"), n.numbers("deprecatedSm"),
                n.numbers("droppedSm"), n.numbers("supportedSm"), n.citation());
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("CUDA " + toolkit + ":");
        if (!addedSm.isEmpty()) {
            b.append(" adds sm ").append(addedSm);
        }
        if (!deprecatedSm.isEmpty()) {
            b.append(" deprecates sm ").append(deprecatedSm);
        }
        if (!droppedSm.isEmpty()) {
            b.append(" drops sm ").append(droppedSm);
        }
        if (!supportedSm.isEmpty()) {
            b.append(" builds for sm ").append(supportedSm);
        }
        return b.toString();
    }
}
