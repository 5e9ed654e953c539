package dev.gpudoctor.testing;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.bundle.BundleHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real H200 host: the converted capture bundle (fixtures/h200-torch-container, made by
 * src/test/fixtures/convert-h200-capture.py), replayed through the same BundleHost that
 * {@code check --from} uses.
 */
public final class H200Fixture {

    public static final String BUNDLE = "h200-torch-container";
    public static final String TOOLKIT = "/usr/local/cuda-13.0";

    private H200Fixture() {
    }

    /**
     * A file of the capture by its name in the bundle ("commands/nvidia-smi-q-x.xml",
     * "rootfs/etc/os-release"), or a resource path starting with "/".
     */
    public static String sample(String name) {
        try {
            Path inBundle = Fixtures.bundle(BUNDLE).resolve(name);
            Path p = name.startsWith("/")
                    ? Path.of(H200Fixture.class.getResource(name).toURI())
                    : Files.exists(inBundle) ? inBundle
                    : Path.of(H200Fixture.class.getResource("/samples/h200/" + name).toURI());
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("no sample " + name, e);
        }
    }

    /** The whole host, replayed from the bundle; {@code scratch} is unused for a bundle folder. */
    public static Host build(Path scratch) {
        try {
            return BundleHost.open(Fixtures.bundle(BUNDLE), scratch);
        } catch (BundleHost.BundleException e) {
            throw new IllegalStateException(e);
        }
    }
}
