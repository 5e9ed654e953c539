package dev.gpudoctor.testing.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real texts that hostile inputs start from: files of the fixture hosts (real captures) and of
 * src/test/resources/samples, read from the source tree.
 */
public final class Seeds {

    private Seeds() {
    }

    public static Path fixturesDir() {
        return Path.of(System.getProperty("basedir", "."), "src/test/resources/fixtures");
    }

    public static Path samplesDir() {
        return Path.of(System.getProperty("basedir", "."), "src/test/resources/samples");
    }

    /**
     * The files matching a glob relative to each fixture folder ("rootfs/sys/module/*&#47;version",
     * "commands/nvidia-smi-q-x.xml"), from every fixture that has one; at least one, or the seed
     * list would be silently empty.
     */
    public static List<byte[]> fixtures(String glob) {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(fixturesDir())) {
            for (Path fixture : dirs.sorted().toList()) {
                out.addAll(matching(fixture, glob));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return nonEmpty(out, "fixtures/*/" + glob);
    }

    /** The files matching a glob relative to src/test/resources/samples. */
    public static List<byte[]> samples(String glob) {
        return nonEmpty(matching(samplesDir(), glob), "samples/" + glob);
    }

    /** Texts written out in the tests where no capture holds the format (each one the documented form). */
    public static List<byte[]> texts(String... texts) {
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @SafeVarargs
    public static List<byte[]> all(List<byte[]>... lists) {
        List<byte[]> out = new ArrayList<>();
        for (List<byte[]> l : lists) {
            out.addAll(l);
        }
        return List.copyOf(out);
    }

    /** Regular files only: fixtures hold links (/lib to usr/lib), which would read the same file twice. */
    private static List<byte[]> matching(Path base, String glob) {
        PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base)) {
            for (Path p : walk.filter(Files::isRegularFile).filter(p -> !Files.isSymbolicLink(p)).sorted().toList()) {
                if (m.matches(base.relativize(p))) {
                    out.add(Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static List<byte[]> nonEmpty(List<byte[]> l, String what) {
        if (l.isEmpty()) {
            throw new IllegalStateException("no sample matches " + what);
        }
        return l;
    }
}
