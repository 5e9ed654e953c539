package dev.gpudoctor.validate.child;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a PTX text declares about itself: its ISA version (.version) and target (.target). */
final class Ptx {

    private static final Pattern VERSION = Pattern.compile("(?m)^\\s*\\.version\\s+(\\d+\\.\\d+)");
    private static final Pattern TARGET = Pattern.compile("(?m)^\\s*\\.target\\s+([A-Za-z0-9_,\\s]+?)\\s*$");

    private Ptx() {
    }

    static Optional<String> version(String ptx) {
        Matcher m = VERSION.matcher(ptx);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static Optional<String> target(String ptx) {
        Matcher m = TARGET.matcher(ptx);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }
}
