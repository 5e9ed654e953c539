package dev.gpudoctor.matrix;

import java.util.Map;

/** A combination known not to work, with the fix its source gives. */
public record KnownBad(String id, Map<String, String> components, String problem, String fix, Citation citation)
        implements Cited {

    static KnownBad read(Node n) {
        return new KnownBad(n.text("id"), java.util.Collections.unmodifiableMap(n.textMap("components")), n.text("problem"), n.text("fix"),
                n.citation());
    }

    @Override
    public String describe() {
        return id + ": " + problem;
    }
}
