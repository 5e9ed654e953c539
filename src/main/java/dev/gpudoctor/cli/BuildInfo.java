package dev.gpudoctor.cli;

import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixIndex;
import dev.gpudoctor.matrix.MatrixLoader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The tool's own version and build, stamped into the jar at build time (build.properties, filtered
 * by Maven: the version from the POM, the commit from buildnumber-maven-plugin, the build time
 * from maven.build.timestamp). A value the build could not know (no git checkout, e.g. a source
 * copy in a container build) reads "unknown", never a placeholder.
 */
public final class BuildInfo {

    private static final Properties BUILD = load();

    private BuildInfo() {
    }

    public static String version() {
        return value("version");
    }

    /** The abbreviated commit the jar was built from, or "unknown". */
    public static String commit() {
        return value("commit");
    }

    /** When the jar was built (UTC, ISO 8601), or "unknown". */
    public static String buildTime() {
        return value("buildTime");
    }

    /** What --version prints: tool, build, matrix and the Java runtime that runs it. */
    public static String[] versionLines() {
        List<String> lines = new ArrayList<>();
        lines.add("gpu-doctor " + version());
        lines.add("build: commit " + commit() + ", built " + buildTime());
        lines.add("matrix: " + matrix());
        lines.add("runtime: Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ") at "
                + System.getProperty("java.home"));
        return lines.toArray(String[]::new);
    }

    /** The bundled matrix's data date and format; a version line never fails, it says what went wrong. */
    private static String matrix() {
        try {
            MatrixIndex index = MatrixLoader.bundledIndex();
            return index.matrixVersion() + " (format " + index.schemaVersion() + ", bundled)";
        } catch (MatrixException | RuntimeException e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static String value(String key) {
        String v = BUILD.getProperty(key, "");
        return v.isBlank() || v.contains("${") ? "unknown" : v;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/dev/gpudoctor/build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // An unreadable stamp leaves every value "unknown"; the tool still runs.
        }
        return p;
    }
}
