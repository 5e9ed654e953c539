package dev.gpudoctor.fix;

import java.util.regex.Pattern;

/**
 * Strict checks for every value that reaches an argv of a fix plan: package names, versions, branches,
 * URLs, repository ids, interpreter paths, and finally each argument as a whole. Steps never go through
 * a shell, but a plan is also printed for people to copy, and a value from a host or an edited matrix
 * must not be able to turn one argument into several or into a different program. Each check returns
 * the value unchanged or throws IllegalArgumentException naming it.
 */
public final class SafeValues {

    private static final Pattern PACKAGE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9+._-]{0,127}");
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,9}(\\.[0-9]{1,9}){0,5}");
    // No user-info, query or fragment: none of the URLs of a plan needs them, and '@', '?', '&', '#' are
    // where a look-alike host or an extra shell word would hide.
    private static final Pattern HTTPS_URL = Pattern.compile(
            "https://[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+(/[A-Za-z0-9._%+-]*)*");
    private static final Pattern REPO_ID = Pattern.compile("[a-z]{1,32}[0-9]{1,8}");
    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    // A path segment may start with a dot (/opt/torch/.venv/bin/python3); "." and ".." segments are refused below.
    private static final Pattern EXECUTABLE = Pattern.compile("(/[A-Za-z0-9._+-]+)+|[A-Za-z0-9_+][A-Za-z0-9._+-]*");
    // What any argument may hold: the characters of package names, versions, options, URLs, apt version
    // globs (* and [ ]) and dnf module streams (:). No white space, quote, $, `, ;, |, &, <, >, (, ), \ or ~.
    private static final Pattern ARGUMENT = Pattern.compile("[A-Za-z0-9._:=/+,@%*\\[\\]-]{1,512}");

    private SafeValues() {
    }

    /** A Debian or RPM package name (cuda-toolkit-12-4, libcudnn9-cuda-12). */
    public static String packageName(String s) {
        return check(s, PACKAGE, "a package name");
    }

    /** A dotted version of digits only (12.4, 10.3.0, 2.5.1). */
    public static String version(String s) {
        return check(s, VERSION, "a version");
    }

    /** An https:// URL with a plain host and path. */
    public static String httpsUrl(String s) {
        check(s, HTTPS_URL, "an https:// URL");
        if (s.contains("/../") || s.endsWith("/..")) {
            throw new IllegalArgumentException("not an https:// URL without '..' segments: " + quoted(s));
        }
        return s;
    }

    /** NVIDIA's CUDA repository id ($distro): ubuntu2204, debian12, rhel9. */
    public static String repoId(String s) {
        return check(s, REPO_ID, "a CUDA repository id");
    }

    /** A driver branch (535), as the text of an argument. */
    public static String branch(int branch) {
        if (branch < 100 || branch > 9999) {
            throw new IllegalArgumentException("not a driver branch: " + branch);
        }
        return Integer.toString(branch);
    }

    /** A major version (CUDA 12, cuDNN 9), as the text of an argument. */
    public static String major(int major) {
        if (major < 1 || major > 999) {
            throw new IllegalArgumentException("not a major version: " + major);
        }
        return Integer.toString(major);
    }

    /** A lower-case name: a container runtime (docker), a wheel variant tag (cu124). */
    public static String word(String s) {
        return check(s, WORD, "a lower-case name");
    }

    /** A program to run: a bare name found on PATH (python3) or an absolute path (/opt/venv/bin/python). */
    public static String executable(String s) {
        check(s, EXECUTABLE, "an interpreter name or absolute path");
        if (s.contains("/../") || s.endsWith("/..") || s.contains("/./") || s.endsWith("/.")) {
            throw new IllegalArgumentException("not an interpreter path without '.' or '..' segments: " + quoted(s));
        }
        return s;
    }

    /** Any one argument of a step, after its placeholders are filled. */
    public static String argument(String s) {
        return check(s, ARGUMENT, "a plain argument (letters, digits and ._:=/+,@%*[]-)");
    }

    private static String check(String s, Pattern p, String what) {
        if (s == null || !p.matcher(s).matches()) {
            throw new IllegalArgumentException("not " + what + ": " + quoted(s));
        }
        return s;
    }

    /** The value as Java would write it, so that a newline or escape in it is visible in the message. */
    static String quoted(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder("'");
        for (char c : s.toCharArray()) {
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('\'').toString();
    }
}
