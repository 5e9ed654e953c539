package dev.gpudoctor.host.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.Environment;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.MapEnvironment;
import dev.gpudoctor.host.NativeLibraries;
import dev.gpudoctor.host.live.RootedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A captured host replayed from its bundle: the same files, command results, environment and native answers. */
public final class BundleHost implements Host {

    /** Why a bundle cannot be opened, in words for the user. */
    public static final class BundleException extends Exception {
        public BundleException(String message, Throwable cause) {
            super(message, cause);
        }

        public BundleException(String message) {
            super(message);
        }
    }

    /** Built once and shared (readers are immutable): a mapper per bundle spent milliseconds on the record types. */
    private static final com.fasterxml.jackson.databind.ObjectReader MANIFEST = BundleWriter.yaml()
            .readerFor(BundleManifest.class).without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Path dir;
    private final BundleManifest manifest;
    private final BundleFiles files;
    private final Map<List<String>, List<BundleManifest.CommandRecord>> commands = new HashMap<>();
    private final String name;

    private BundleHost(Path dir, BundleManifest manifest, String name) {
        this.dir = dir;
        this.manifest = manifest;
        this.name = name;
        this.files = new BundleFiles(new RootedFiles(dir.resolve(BundleWriter.ROOTFS)), manifest);
        for (BundleManifest.CommandRecord c : manifest.commands()) {
            commands.computeIfAbsent(List.copyOf(c.argv()), k -> new ArrayList<>()).add(c);
        }
    }

    /**
     * Opens a bundle folder, or a .tar.gz of one (unpacked into {@code scratch}, which the caller
     * deletes).
     */
    public static BundleHost open(Path bundle, Path scratch) throws BundleException {
        Path dir = bundle;
        if (Files.isRegularFile(bundle)) {
            try {
                BundleArchive.unpack(bundle, scratch);
            } catch (IOException e) {
                throw new BundleException("cannot unpack " + bundle + ": " + e.getMessage(), e);
            }
            dir = scratch;
        } else if (!Files.isDirectory(bundle)) {
            throw new BundleException("no such bundle: " + bundle);
        }
        Path manifestFile = dir.resolve(BundleWriter.MANIFEST);
        if (!Files.isRegularFile(manifestFile, LinkOption.NOFOLLOW_LINKS)) {
            throw new BundleException(bundle + " is not a gpu-doctor bundle (no " + BundleWriter.MANIFEST + ")");
        }
        BundleManifest m;
        try {
            m = MANIFEST.readValue(manifestFile.toFile());
        } catch (JsonMappingException e) {
            throw new BundleException(bundle + ": " + BundleWriter.MANIFEST + " is not valid: "
                    + e.getOriginalMessage() + location(e), e);
        } catch (JsonProcessingException e) {
            throw new BundleException(bundle + ": " + BundleWriter.MANIFEST + " is not valid YAML: "
                    + e.getOriginalMessage() + location(e), e);
        } catch (IOException e) {
            throw new BundleException("cannot read " + manifestFile + ": " + e.getMessage(), e);
        }
        if (m == null || !BundleManifest.FORMAT.equals(m.format())) {
            throw new BundleException(bundle + ": " + BundleWriter.MANIFEST + " does not say format: " + BundleManifest.FORMAT);
        }
        if (m.formatVersion() > BundleManifest.FORMAT_VERSION || m.formatVersion() < 1) {
            throw new BundleException(bundle + " has bundle format version " + m.formatVersion()
                    + "; this gpu-doctor reads version " + BundleManifest.FORMAT_VERSION);
        }
        return new BundleHost(dir, m, bundle.getFileName().toString());
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public Path folder() {
        return dir;
    }

    @Override
    public HostFiles files() {
        return files;
    }

    @Override
    public CommandRunner commands() {
        return this::replay;
    }

    private synchronized CommandResult replay(List<String> argv, Duration timeout) {
        List<BundleManifest.CommandRecord> recorded = commands.get(List.copyOf(argv));
        if (recorded == null || recorded.isEmpty()) {
            return CommandResult.notRun(argv, "not recorded in the bundle");
        }
        // A command run twice during the capture answers in the same order on replay.
        BundleManifest.CommandRecord c = recorded.size() > 1 ? recorded.remove(0) : recorded.get(0);
        CommandResult.Outcome outcome = outcomeOf(c.outcome());
        if (outcome == null) {
            return CommandResult.notRun(argv, "the bundle records an unknown outcome '" + c.outcome() + "'");
        }
        String out;
        String err;
        try {
            out = output(c.stdout());
            err = output(c.stderr());
        } catch (IOException e) {
            return CommandResult.notRun(argv, "the bundle's output file is unreadable: " + e.getMessage());
        }
        return new CommandResult(argv, outcome, c.exitCode(), out, err, c.elapsedMs(),
                c.why() == null ? null : dev.gpudoctor.fact.Excerpt.of(c.why(), 300));
    }

    private String output(String relative) throws IOException {
        if (relative == null) {
            return null;
        }
        Path p;
        try {
            p = dir.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            // A NUL in a crafted manifest's file name: Path.resolve throws (BundleManifestFuzzTest).
            throw new IOException("output path is not a path: " + dev.gpudoctor.fact.Excerpt.of(relative, 60));
        }
        // The real path, links in the parents included: a crafted bundle's commands/ may be a link to /etc.
        if (!p.startsWith(dir.normalize()) || Files.isSymbolicLink(p) || !p.toRealPath().startsWith(dir.toRealPath())) {
            throw new IOException("output path outside the bundle: " + relative);
        }
        if (Files.size(p) > 64L * 1024 * 1024) {
            throw new IOException("output file larger than 64 MiB: " + relative);
        }
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    private static CommandResult.Outcome outcomeOf(String word) {
        for (CommandResult.Outcome o : CommandResult.Outcome.values()) {
            if (o.word().equals(word)) {
                return o;
            }
        }
        return null;
    }

    @Override
    public Environment environment() {
        return new MapEnvironment(manifest.environment());
    }

    @Override
    public NativeLibraries natives() {
        BundleManifest.NativeRecord n = manifest.natives();
        if (n == null) {
            return NativeLibraries.unavailable("the bundle records no native answers");
        }
        return new NativeLibraries() {
            @Override
            public Fact<String> availability() {
                return new BundleManifest.Answer<>(n.status(), n.value(), n.why(), n.evidence()).toFact();
            }

            @Override
            public Fact<dev.gpudoctor.host.NvmlReport> nvml(Duration deadline) {
                return n.nvml() == null ? Fact.absent("not recorded in the bundle") : n.nvml().toFact();
            }

            @Override
            public Fact<dev.gpudoctor.host.CudaDriverReport> cudaDriver(Duration deadline) {
                return n.cudaDriver() == null ? Fact.absent("not recorded in the bundle") : n.cudaDriver().toFact();
            }

            @Override
            public Fact<dev.gpudoctor.host.LibraryAnswer> askLibrary(String path, Duration deadline) {
                BundleManifest.Answer<dev.gpudoctor.host.LibraryAnswer> a = n.libraries().get(path);
                return a == null ? Fact.absent("not recorded in the bundle") : a.toFact();
            }
        };
    }

    @Override
    public String description() {
        return "bundle " + name + " (captured from " + manifest.source() + ")";
    }

    /** What the capture was asked to examine; nothing beyond the defaults for bundles that do not say. */
    public BundleManifest.Asked asked() {
        return manifest.asked() == null ? BundleManifest.Asked.NOTHING : manifest.asked();
    }

    public String capturedAt() {
        return manifest.capturedAt();
    }

    @Override
    public boolean isLive() {
        return false;
    }
}
