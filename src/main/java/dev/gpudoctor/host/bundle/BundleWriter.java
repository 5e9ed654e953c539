package dev.gpudoctor.host.bundle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.HostPaths;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns what a {@link RecordingHost} saw into a bundle: a folder (or a .tar.gz of it) with
 * {@code rootfs/} holding the files and links at their host paths, {@code commands/} holding
 * command outputs, and {@code bundle.yaml} for everything else. Written to a temporary name and
 * moved into place, so an interrupted capture leaves no half-written bundle.
 */
public final class BundleWriter {

    public static final String MANIFEST = "bundle.yaml";
    public static final String ROOTFS = "rootfs";
    public static final String COMMANDS = "commands";
    public static final String REPORT = "report.json";

    static ObjectMapper yaml() {
        return new ObjectMapper(YAMLFactory.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .stringQuotingChecker(new QuoteSexagesimal())
                .build())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /**
     * A PCI bus id (00000000:00:06.0) or a time (12:30) is a YAML 1.1 base-60 number to the reader,
     * which then fails on it ("Malformed numeric value"); the default checker writes it unquoted.
     */
    private static final class QuoteSexagesimal extends com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker.Default {
        private static final long serialVersionUID = 1L;
        private static final java.util.regex.Pattern BASE_60 =
                java.util.regex.Pattern.compile("[-+]?[0-9][0-9_]*(:[0-9_]+)+(\\.[0-9_]*)?");

        @Override
        public boolean needToQuoteValue(String value) {
            return super.needToQuoteValue(value) || BASE_60.matcher(value).matches();
        }
    }

    /**
     * Writes the bundle.
     *
     * @param target     a folder that does not exist yet, or a file name ending in .tar.gz / .tgz
     * @param reportJson the report of the capturing run, kept beside the data for the reader
     */
    public static void write(RecordingHost host, String tool, List<String> notes, String reportJson, Path target)
            throws IOException {
        write(host, tool, BundleManifest.Asked.NOTHING, notes, reportJson, target);
    }

    /** As {@link #write(RecordingHost, String, List, String, Path)}, recording what the examination was asked. */
    public static void write(RecordingHost host, String tool, BundleManifest.Asked asked, List<String> notes, String reportJson,
                             Path target) throws IOException {
        write(host, tool, asked, notes, reportJson, target, null);
    }

    /**
     * As above, redacting the whole bundle (contents, link targets, names) with {@code redactor}
     * before it is packed, when one is given.
     */
    public static void write(RecordingHost host, String tool, BundleManifest.Asked asked, List<String> notes, String reportJson,
                             Path target, dev.gpudoctor.redact.Redactor redactor) throws IOException {
        Path abs = target.toAbsolutePath().normalize();
        if (Files.exists(abs, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(target + " already exists");
        }
        Path parent = abs.getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".partial-");
        try {
            writeFolder(host, tool, asked, notes, reportJson, tmp);
            if (redactor != null) {
                BundleRedaction.apply(tmp, redactor);
            }
            if (BundleArchive.isArchiveName(abs)) {
                Path tmpArchive = parent.resolve(tmp.getFileName() + ".tar.gz");
                try {
                    BundleArchive.pack(tmp, tmpArchive);
                    Files.move(tmpArchive, abs, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(tmpArchive);
                }
                BundleArchive.deleteTree(tmp);
            } else {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException | RuntimeException e) {
            BundleArchive.deleteTree(tmp);
            throw e;
        }
    }

    private static void writeFolder(RecordingHost host, String tool, BundleManifest.Asked asked, List<String> notes,
                                    String reportJson, Path dir)
            throws IOException {
        Journal j = host.journal();
        Map<String, BundleManifest.PathRecord> paths = new TreeMap<>();
        Path rootfs = dir.resolve(ROOTFS);
        Files.createDirectories(rootfs);
        synchronized (j) {
            for (Map.Entry<String, FileStat> e : j.stats.entrySet()) {
                String p = e.getKey();
                FileStat s = e.getValue();
                Path out = under(rootfs, p);
                switch (s.type()) {
                    case DIRECTORY -> Files.createDirectories(out);
                    case SYMLINK -> {
                        Files.createDirectories(out.getParent());
                        if (!Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                            Files.createSymbolicLink(out, Path.of(s.linkTarget()));
                        }
                    }
                    case FILE -> {
                        Files.createDirectories(out.getParent());
                        byte[] content = j.contents.get(p);
                        Files.write(out, content == null ? new byte[0] : content);
                        if (content == null) {
                            paths.put(p, BundleManifest.PathRecord.notCaptured());
                        }
                    }
                    default -> paths.put(p, BundleManifest.PathRecord.device(s.type().word(), s.modeString(),
                            s.uid(), s.gid(), s.major(), s.minor()));
                }
            }
            for (Map.Entry<String, byte[]> e : j.contents.entrySet()) {
                Path out = under(rootfs, e.getKey());
                if (!Files.exists(out, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.createDirectories(out.getParent());
                    Files.write(out, e.getValue());
                }
            }
            for (Map.Entry<String, Fact<?>> e : j.errors.entrySet()) {
                Fact<?> f = e.getValue();
                // Absence replays by itself (the path is not in rootfs); only failures need recording.
                if (f.status() == Status.FAILED && !j.stats.containsKey(e.getKey())) {
                    paths.put(e.getKey(), BundleManifest.PathRecord.error(f.status().word(), f.why()));
                }
            }
            for (Map.Entry<String, String> e : j.elfErrors.entrySet()) {
                BundleManifest.PathRecord r = paths.getOrDefault(e.getKey(),
                        new BundleManifest.PathRecord(null, null, null, null, null, null, null, null, null, null));
                paths.put(e.getKey(), r.withElfError(e.getValue()));
            }
            List<BundleManifest.CommandRecord> commands = new ArrayList<>();
            Path cmdDir = dir.resolve(COMMANDS);
            int n = 0;
            for (CommandResult r : j.commands) {
                n++;
                String base = String.format("%02d-%s", n, slug(r.argv()));
                String out = writeOutput(cmdDir, base + ".stdout", r.stdout());
                String err = writeOutput(cmdDir, base + ".stderr", r.stderr());
                commands.add(new BundleManifest.CommandRecord(r.argv(), r.outcome().word(), r.exitCode(),
                        r.elapsedMs(), out, err, r.why()));
            }
            Map<String, BundleManifest.Answer<dev.gpudoctor.host.LibraryAnswer>> libraries = new TreeMap<>();
            j.libraries.forEach((path, f) -> libraries.put(path, BundleManifest.Answer.of(f)));
            BundleManifest.NativeRecord natives = j.natives == null && j.nvml == null && j.cudaDriver == null
                    && libraries.isEmpty() ? null
                    : new BundleManifest.NativeRecord(
                            j.natives == null ? null : j.natives.status().word(),
                            j.natives == null ? null : j.natives.value(),
                            j.natives == null ? null : j.natives.why(),
                            BundleManifest.Answer.of(j.nvml), BundleManifest.Answer.of(j.cudaDriver),
                            j.natives == null ? null : j.natives.evidence(), libraries);
            BundleManifest m = new BundleManifest(BundleManifest.FORMAT, BundleManifest.FORMAT_VERSION, tool,
                    Instant.now().toString(), host.description(),
                    asked == null || asked.isNothing() ? null : asked, notes, j.environment, paths, j.elf, commands, natives);
            yaml().writeValue(dir.resolve(MANIFEST).toFile(), m);
        }
        if (reportJson != null) {
            Files.writeString(dir.resolve(REPORT), reportJson, StandardCharsets.UTF_8);
        }
    }

    private static String writeOutput(Path cmdDir, String name, String text) throws IOException {
        if (text == null) {
            return null;
        }
        Files.createDirectories(cmdDir);
        Files.writeString(cmdDir.resolve(name), text, StandardCharsets.UTF_8);
        return COMMANDS + "/" + name;
    }

    static String slug(List<String> argv) {
        String s = String.join("_", argv).replaceAll("[^A-Za-z0-9._-]+", "_").replaceAll("_+", "_");
        s = s.replaceAll("^_|_$", "");
        return s.length() > 60 ? s.substring(0, 60) : s;
    }

    /** The file under rootfs for a host path; host paths are normalized, so this never leaves rootfs. */
    static Path under(Path rootfs, String hostPath) {
        Path p = rootfs;
        for (String c : HostPaths.components(HostPaths.normalize(hostPath))) {
            p = p.resolve(c);
        }
        return p;
    }

    static boolean isSpecial(FileType t) {
        return t == FileType.CHAR_DEVICE || t == FileType.BLOCK_DEVICE || t == FileType.OTHER;
    }
}
