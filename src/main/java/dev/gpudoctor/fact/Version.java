package dev.gpudoctor.fact;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dotted numeric version as NVIDIA and the frameworks write them (580.159.04, 13.0.96, 9.19.0.56).
 * Compares numerically component by component; the text is kept as written so that "04" stays "04".
 */
public final class Version implements Comparable<Version> {

    // Bounded: a regex repetition recurses once per component, and unbounded it overflowed the stack
    // on a 10 KB run of ".1" (KernelParsersFuzzTest). No version has more than 16 components.
    private static final Pattern DOTTED = Pattern.compile("(\\d+(?:\\.\\d+){0,15})");

    private final String text;
    private final long[] parts;

    private Version(String text, long[] parts) {
        this.text = text;
        this.parts = parts;
    }

    /** Parses exactly a dotted number ("12.4.1"); anything else is empty. */
    public static Optional<Version> parse(String s) {
        if (s == null) {
            return Optional.empty();
        }
        String t = s.strip();
        // Length first and by hand: as a regex, \d+(\.\d+)* recursed once per component and a
        // /sys/module version file of 10 KB of ".1" overflowed the stack (KernelParsersFuzzTest).
        if (t.isEmpty() || t.length() > 64 || !isDotted(t)) {
            return Optional.empty();
        }
        String[] bits = t.split("\\.");
        long[] parts = new long[bits.length];
        for (int i = 0; i < bits.length; i++) {
            if (bits[i].length() > 15) {
                return Optional.empty();
            }
            parts[i] = Long.parseLong(bits[i]);
        }
        return Optional.of(new Version(t, parts));
    }

    /** ASCII digits in groups separated by single dots ("12.4.1"; not "12.", ".4" or "12..4"). */
    private static boolean isDotted(String t) {
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            boolean digit = c >= '0' && c <= '9';
            boolean dotBetweenDigits = c == '.' && i > 0 && i < t.length() - 1 && t.charAt(i - 1) != '.';
            if (!digit && !dotBetweenDigits) {
                return false;
            }
        }
        return true;
    }

    @JsonCreator
    public static Version of(String s) {
        return parse(s).orElseThrow(() -> new IllegalArgumentException("not a version: " + s));
    }

    /** The first dotted number inside free text ("V13.0.88" gives 13.0.88). */
    public static Optional<Version> find(String s) {
        if (s == null) {
            return Optional.empty();
        }
        Matcher m = DOTTED.matcher(s);
        return m.find() ? parse(m.group(1)) : Optional.empty();
    }

    /**
     * Decodes CUDA's integer encoding (12040 is 12.4, 13000 is 13.0): major*1000 + minor*10.
     * The one place where this encoding is decoded.
     */
    public static Version fromCudaInt(int encoded) {
        int major = encoded / 1000;
        int minor = (encoded % 1000) / 10;
        return of(major + "." + minor);
    }

    /**
     * Decodes cuDNN's integer version (cudnnGetVersion, torch.backends.cudnn.version()): from 9.0 on
     * major*10000 + minor*100 + patch (91900 is 9.19.0); before, major*1000 + minor*100 + patch
     * (8907 is 8.9.7). The one place where this encoding is decoded.
     */
    public static Version fromCudnnInt(int encoded) {
        if (encoded >= 90000) {
            return of(encoded / 10000 + "." + (encoded % 10000) / 100 + "." + encoded % 100);
        }
        return of(encoded / 1000 + "." + (encoded % 1000) / 100 + "." + encoded % 100);
    }

    /**
     * Decodes TensorRT's getInferLibVersion(): from 10.0 on major*10000 + minor*100 + patch (100300 is
     * 10.3.0); before, major*1000 + minor*100 + patch (8601 is 8.6.1). The one place where this
     * encoding is decoded.
     */
    public static Version fromTensorrtInt(int encoded) {
        if (encoded >= 100000) {
            return of(encoded / 10000 + "." + (encoded % 10000) / 100 + "." + encoded % 100);
        }
        return of(encoded / 1000 + "." + (encoded % 1000) / 100 + "." + encoded % 100);
    }

    public int major() {
        return (int) parts[0];
    }

    public int minor() {
        return parts.length > 1 ? (int) parts[1] : 0;
    }

    public int size() {
        return parts.length;
    }

    public long part(int i) {
        return i < parts.length ? parts[i] : 0;
    }

    /** The first n components ("13.0.96".prefix(2) is "13.0"). */
    public Version prefix(int n) {
        if (n >= parts.length) {
            return this;
        }
        List<String> bits = new ArrayList<>(List.of(text.split("\\.")).subList(0, n));
        return of(String.join(".", bits));
    }

    /** True when every component of {@code other} equals the same component here (13.0 covers 13.0.96). */
    public boolean startsWith(Version other) {
        if (other.parts.length > parts.length) {
            return false;
        }
        for (int i = 0; i < other.parts.length; i++) {
            if (other.parts[i] != parts[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int compareTo(Version o) {
        int n = Math.max(parts.length, o.parts.length);
        for (int i = 0; i < n; i++) {
            int c = Long.compare(part(i), o.part(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    public boolean isAtLeast(Version o) {
        return compareTo(o) >= 0;
    }

    public boolean isOlderThan(Version o) {
        return compareTo(o) < 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Version v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        int h = 1;
        int n = parts.length;
        while (n > 1 && parts[n - 1] == 0) {
            n--;
        }
        for (int i = 0; i < n; i++) {
            h = 31 * h + Long.hashCode(parts[i]);
        }
        return h;
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
