package dev.gpudoctor.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Real texts kept byte-exact under src/test/resources/samples (see samples/README.md for where
 * each came from), and a way to lay a captured rootfs into a {@link FakeHost}.
 */
public final class CapturedSamples {

    private CapturedSamples() {
    }

    public static byte[] bytes(String resource) {
        try {
            return Files.readAllBytes(path(resource));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String text(String resource) {
        return new String(bytes(resource), StandardCharsets.UTF_8);
    }

    /** The KEY=value lines of a captured environment (commands/env.txt). */
    public static Map<String, String> env(String resource) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : text(resource).split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    /** Copies every file under a sample rootfs ("samples/h200/rootfs") to the same host path. */
    public static FakeHost copyTree(String resourceDir, FakeHost host) {
        Path from = path(resourceDir);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                Path to = host.root().resolve(from.relativize(p).toString());
                Files.createDirectories(to.getParent());
                Files.write(to, Files.readAllBytes(p));
            }
            return host;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies named files of a sample rootfs only, for cases built from part of a capture. */
    public static FakeHost copyFiles(String resourceDir, FakeHost host, List<String> hostPaths) {
        for (String hostPath : hostPaths) {
            try {
                Path to = host.root().resolve(hostPath.substring(1));
                Files.createDirectories(to.getParent());
                Files.write(to, bytes(resourceDir + hostPath));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return host;
    }

    /** The H200 capture's files live once, in the fixture bundle (read from the source tree). */
    private static Path path(String resource) {
        if (resource.startsWith("samples/h200/rootfs")) {
            return Fixtures.bundle("h200-torch-container").resolve("rootfs" + resource.substring("samples/h200/rootfs".length()));
        }
        URL url = CapturedSamples.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IllegalArgumentException("no test resource " + resource);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
