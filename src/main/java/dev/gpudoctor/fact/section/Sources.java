package dev.gpudoctor.fact.section;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import java.util.stream.Collectors;

/** Formats the evidence of a fact for detail lines: "  [file /proc/version]". */
public final class Sources {

    private Sources() {
    }

    public static String of(Fact<?> f) {
        if (f == null || f.evidence().isEmpty()) {
            return "";
        }
        return "  [" + f.evidence().stream().map(Sources::brief).distinct().collect(Collectors.joining("; ")) + "]";
    }

    private static String brief(Evidence e) {
        return e.via().word() + " " + e.where();
    }
}
