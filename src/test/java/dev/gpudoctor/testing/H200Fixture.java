package dev.gpudoctor.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * The real H200 host of samples/h200 rebuilt as a FakeHost: the captured files, every library
 * file and link of lib-listing.txt (files empty), the captured environment and command outputs.
 */
public final class H200Fixture {

    public static final String SAMPLES = "/samples/h200/";
    public static final String TOOLKIT = "/usr/local/cuda-13.0";

    private H200Fixture() {
    }

    public static String sample(String name) {
        try (InputStream in = H200Fixture.class.getResourceAsStream(name.startsWith("/") ? name : SAMPLES + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sample " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole host: files, libraries, environment and nvidia-smi / nvcc outputs. */
    public static FakeHost build(Path dir) {
        FakeHost h = new FakeHost(dir);
        copyRootfs(h.root());
        libraries(h, sample("commands/lib-listing.txt"));
        toolkitLayout(h);
        for (String line : sample("commands/env.txt").split("\\R")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                h.env(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        h.command(List.of("nvidia-smi", "--version"), 0, sample("commands/nvidia-smi-version.txt"), "");
        h.command(List.of("nvidia-smi", "-q", "-x"), 0, sample("commands/nvidia-smi-q-x.xml"), "");
        h.command(List.of(TOOLKIT + "/bin/nvcc", "--version"), 0, sample("commands/nvcc-version.txt"), "");
        return h;
    }

    /**
     * What the capture implies but does not list: nvidia/cuda images link /usr/local/cuda and
     * cuda-13 through update-alternatives, lib64 and include point into targets/x86_64-linux,
     * Ubuntu 24.04 has a merged /usr (/lib is a link), nvcc exists (its output was captured), the
     * headers hold the captured #define lines, and the uv venv has a pyvenv.cfg.
     */
    static void toolkitLayout(FakeHost h) {
        h.link("/etc/alternatives/cuda", TOOLKIT).link("/usr/local/cuda", "/etc/alternatives/cuda")
                .link("/etc/alternatives/cuda-13", TOOLKIT).link("/usr/local/cuda-13", "/etc/alternatives/cuda-13")
                .link(TOOLKIT + "/lib64", "targets/x86_64-linux/lib")
                .link(TOOLKIT + "/include", "targets/x86_64-linux/include")
                .link("/lib", "usr/lib")
                .file(TOOLKIT + "/bin/nvcc", "")
                .file("/opt/torch/.venv/pyvenv.cfg", "");
        for (String line : sample("commands/cuda-header-versions.txt").split("\\R")) {
            int colon = line.indexOf(':');
            String path = line.substring(0, colon).replace(TOOLKIT + "/include/", TOOLKIT + "/targets/x86_64-linux/include/");
            h.file(path, line.substring(colon + 1) + "\n");
        }
    }

    /** "## DIR" sections of ls -l lines: links become links, files empty placeholders. */
    static void libraries(FakeHost h, String listing) {
        String dir = null;
        for (String line : listing.split("\\R")) {
            if (line.startsWith("## ")) {
                dir = line.substring(3).strip();
                continue;
            }
            String[] w = line.split("\\s+");
            if (dir == null || w.length < 9 || !(line.startsWith("l") || line.startsWith("-"))) {
                continue;
            }
            String name = w[8];
            String path = name.startsWith("/") ? name : dir + "/" + name;
            if (line.startsWith("l")) {
                h.link(path, w[10]);
            } else {
                h.file(path, "");
            }
        }
    }

    private static void copyRootfs(Path root) {
        try {
            Path src = Path.of(H200Fixture.class.getResource(SAMPLES + "rootfs").toURI());
            try (Stream<Path> all = Files.walk(src)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    Path to = root.resolve(src.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
