package dev.gpudoctor.probe.kernel;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;

/** Parses /sys/module/NAME/version: one dotted version and a newline ("580.159.04\n"). */
public final class ModuleVersionParser {

    private ModuleVersionParser() {
    }

    public static Fact<Version> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.failed("version file is empty");
        }
        return Version.parse(text.strip())
                .map(Fact::found)
                .orElseGet(() -> Fact.failed("not a version: \"" + Excerpt.of(text.strip(), 40) + "\""));
    }
}
