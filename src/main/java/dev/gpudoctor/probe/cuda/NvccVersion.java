package dev.gpudoctor.probe.cuda;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses {@code nvcc --version}: "Cuda compilation tools, release 13.0, V13.0.88". */
public final class NvccVersion {

    // At most 16 components: an unbounded regex repetition recurses once per component.
    private static final Pattern FULL = Pattern.compile("release\\s+(\\d+\\.\\d+),\\s*V(\\d+(?:\\.\\d+){1,15})");
    private static final Pattern RELEASE = Pattern.compile("release\\s+(\\d+\\.\\d+)");

    private NvccVersion() {
    }

    /** The compiler's own version (13.0.88), or the release (13.0) where no V number is printed. */
    public static Fact<Version> parse(String text) {
        String t = text == null ? "" : text;
        Matcher m = FULL.matcher(t);
        if (m.find()) {
            return asVersion(m.group(2));
        }
        Matcher r = RELEASE.matcher(t);
        if (r.find()) {
            return asVersion(r.group(1));
        }
        return Fact.failed("no \"release X.Y\" in nvcc --version output");
    }

    /** A dotted number with a component of 16 digits or more is no version (Version.of threw on one). */
    private static Fact<Version> asVersion(String s) {
        return Version.parse(s).map(Fact::found).orElseGet(() -> Fact.failed("not a version: " + Excerpt.of(s, 40)));
    }
}
