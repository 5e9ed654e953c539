package dev.gpudoctor.host.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Seeds;
import dev.gpudoctor.testing.fuzz.TreeMutator;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or broken bundle.yaml never crashes the replay: the bundle is refused with a
 * BundleException that says why, or it opens and everything the manifest feeds (environment,
 * native answers, recorded commands, the paths and ELF sections it records) answers with facts.
 * The manifests of all fixture bundles are mutated as YAML trees and as bytes, and opened in a
 * copy of the H200 capture (its rootfs and command outputs).
 */
class BundleManifestFuzzTest {

    @TempDir
    Path tmp;

    @Test
    void mutatedManifests() throws IOException {
        Path bundle = Fixtures.copy(Fixtures.bundle("h200-torch-container"), tmp.resolve("bundle"));
        Path manifest = bundle.resolve(BundleWriter.MANIFEST);
        Path scratch = Files.createDirectories(tmp.resolve("scratch"));
        // Overwritten in place: truncating and rewriting a file per input cost milliseconds on this disk.
        try (RandomAccessFile out = new RandomAccessFile(manifest.toFile(), "rw")) {
            var s = Fuzz.run("BundleHost.open", new TreeMutator(BundleWriter.yaml(), Seeds.fixtures("bundle.yaml")), in -> {
                out.seek(0);
                out.write(in);
                out.setLength(in.length);
                BundleHost h;
                try {
                    h = BundleHost.open(bundle, scratch);
                } catch (BundleHost.BundleException e) {
                    assertThat(e.getMessage()).isNotBlank();
                    return "refused";
                }
                replay(h, new Random(Arrays.hashCode(in)));
                return "opened";
            });
            assertThat(s.count("refused")).isPositive();
            assertThat(s.count("opened")).isPositive();
        }
    }

    /**
     * What a replay asks of what the manifest says: all of the environment and native answers, and
     * six of its commands and paths, drawn by the input (all of them for every input cost 3 ms each).
     */
    private static void replay(BundleHost h, Random pick) {
        BundleManifest m = h.manifest();
        assertThat(h.description()).isNotNull();
        h.capturedAt();
        h.asked();
        m.environment().keySet().forEach(k -> h.environment().get(k));
        h.environment().withPrefix("NV");
        Duration d = Duration.ofSeconds(1);
        Fuzz.outcome(h.natives().availability());
        Fuzz.outcome(h.natives().nvml(d));
        Fuzz.outcome(h.natives().cudaDriver(d));
        if (m.natives() != null) {
            m.natives().libraries().keySet().forEach(lib -> Fuzz.outcome(h.natives().askLibrary(lib, d)));
        }
        for (BundleManifest.CommandRecord c : sample(m.commands(), pick)) {
            CommandResult r = h.commands().run(c.argv(), d);
            assertThat(r).isNotNull();
        }
        Set<String> paths = new TreeSet<>(m.paths().keySet());
        paths.addAll(m.elf().keySet());
        HostFiles files = h.files();
        for (String p : sample(List.copyOf(paths), pick)) {
            Fuzz.outcome(files.stat(p));
            Fuzz.outcome(files.readText(p));
            Fuzz.outcome(files.list(p));
            Fuzz.outcome(files.realPath(p));
            Fuzz.outcome(files.elf(p));
            files.isDirectory(p);
        }
    }

    private static <T> List<T> sample(List<T> all, Random pick) {
        List<T> out = new ArrayList<>(all);
        Collections.shuffle(out, pick);
        return out.subList(0, Math.min(6, out.size()));
    }
}
