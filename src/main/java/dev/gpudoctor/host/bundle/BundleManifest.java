package dev.gpudoctor.host.bundle;

import dev.gpudoctor.fact.Excerpt;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gpudoctor.elf.ElfDynamic;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code bundle.yaml}: everything about a captured host that its {@code rootfs/} folder cannot
 * hold: the environment, command results, device nodes, read errors, files whose content was not
 * kept, ELF dynamic sections of libraries too large to keep, and native answers.
 * The format is documented in docs/bundle-format.md.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonPropertyOrder({"format", "formatVersion", "tool", "capturedAt", "source", "asked", "notes", "environment", "paths",
        "elf", "commands", "natives"})
public record BundleManifest(
        String format,
        int formatVersion,
        String tool,
        String capturedAt,
        String source,
        Asked asked,
        List<String> notes,
        Map<String, String> environment,
        Map<String, PathRecord> paths,
        Map<String, ElfDynamic> elf,
        List<CommandRecord> commands,
        NativeRecord natives) {

    public static final String FORMAT = "gpu-doctor-bundle";
    public static final int FORMAT_VERSION = 1;

    public BundleManifest {
        // Checked when read: a path, an ELF section or a variable named without a value is no record
        // (the replay's stat of "paths: {/: null}" threw, BundleManifestFuzzTest).
        for (Map<String, ?> m : java.util.Arrays.asList(environment, paths, elf)) {
            if (m != null && m.values().stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("an entry of environment, paths or elf without a value");
            }
        }
        notes = notes == null ? List.of() : List.copyOf(notes);
        environment = environment == null ? Map.of() : new TreeMap<>(environment);
        paths = paths == null ? Map.of() : new TreeMap<>(paths);
        elf = elf == null ? Map.of() : new TreeMap<>(elf);
        commands = commands == null ? List.of() : List.copyOf(commands);
    }

    /**
     * What the capture was asked to examine beyond the defaults (--python, --pid, --deep): a replay
     * asks the same, so that the recorded answers are read back instead of "not asked". Absent in
     * bundles written before it existed, which replay with the defaults.
     */
    @JsonInclude(JsonInclude.Include.NON_DEFAULT)
    public record Asked(List<String> pythons, List<Integer> pids, boolean deep) {
        public static final Asked NOTHING = new Asked(List.of(), List.of(), false);

        public Asked {
            pythons = pythons == null ? List.of() : List.copyOf(pythons);
            pids = pids == null ? List.of() : List.copyOf(pids);
        }

        public boolean isNothing() {
            return pythons.isEmpty() && pids.isEmpty() && !deep;
        }
    }

    /**
     * A path the folder cannot represent by itself.
     *
     * @param type    for device nodes and other special files: char-device, block-device, other
     * @param mode    as ls -l prints it ("crw-rw-rw-")
     * @param content false for a file whose name was seen but whose content was not read (a placeholder)
     * @param status  absent | failed, for a path whose reading failed
     * @param error   why it failed ("permission denied")
     * @param elfError why its ELF dynamic section could not be read
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PathRecord(String type, String mode, Integer uid, Integer gid, Integer major, Integer minor,
                             Boolean content, String status, String error, String elfError) {

        /** Checked when read: a replay's stat of the path turns the mode into permission bits. */
        public PathRecord {
            if (type != null && (mode == null || mode.length() < 10)) {
                throw new IllegalArgumentException("a " + type + " needs its mode as ls -l prints it (crw-rw-rw-), not "
                        + (mode == null ? "none" : "'" + Excerpt.of(mode, 20) + "'"));
            }
        }

        public static PathRecord device(String type, String mode, Integer uid, Integer gid, Integer major, Integer minor) {
            return new PathRecord(type, mode, uid, gid, major, minor, null, null, null, null);
        }

        public static PathRecord notCaptured() {
            return new PathRecord(null, null, null, null, null, null, false, null, null, null);
        }

        public static PathRecord error(String status, String why) {
            return new PathRecord(null, null, null, null, null, null, null, status, why, null);
        }

        public PathRecord withElfError(String why) {
            return new PathRecord(type, mode, uid, gid, major, minor, content, status, error, why);
        }
    }

    /**
     * One command run and how it ended. Outputs live in files beside the manifest so that they stay
     * byte-exact and readable.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"argv", "outcome", "exitCode", "elapsedMs", "stdout", "stderr", "why"})
    public record CommandRecord(List<String> argv, String outcome, Integer exitCode, double elapsedMs,
                                String stdout, String stderr, String why) {

        /** Checked when read: a replay looks the command up by its argv. */
        public CommandRecord {
            // Not argv.contains(null): an immutable list throws on that question.
            if (argv == null || argv.isEmpty() || argv.stream().anyMatch(java.util.Objects::isNull)) {
                throw new IllegalArgumentException("a command needs its argv, a list of words");
            }
            argv = List.copyOf(argv);
        }
    }

    /**
     * The native layer's answers: whether native calls could be made there (status, value, why),
     * and what NVML and the CUDA driver API said; libraries: what each library copy asked by path
     * answered (its own version, or why it does not load).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NativeRecord(String status, String value, String why,
                               Answer<dev.gpudoctor.host.NvmlReport> nvml,
                               Answer<dev.gpudoctor.host.CudaDriverReport> cudaDriver,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY)
                               java.util.List<dev.gpudoctor.fact.Evidence> evidence,
                               @JsonInclude(JsonInclude.Include.NON_EMPTY)
                               Map<String, Answer<dev.gpudoctor.host.LibraryAnswer>> libraries) {
        public NativeRecord {
            libraries = libraries == null ? Map.of() : new TreeMap<>(libraries);
        }
    }

    /**
     * One recorded answer: found with a value, or absent / failed with why, and the native calls it
     * stands on (a replay must show the same evidence as the capture).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Answer<T>(String status, T value, String why,
                            @JsonInclude(JsonInclude.Include.NON_EMPTY)
                            java.util.List<dev.gpudoctor.fact.Evidence> evidence) {

        public static <T> Answer<T> of(dev.gpudoctor.fact.Fact<T> f) {
            return f == null ? null : new Answer<>(f.status().word(), f.value(), f.why(), f.evidence());
        }

        public dev.gpudoctor.fact.Fact<T> toFact() {
            java.util.List<dev.gpudoctor.fact.Evidence> ev = evidence == null ? java.util.List.of() : evidence;
            if ("found".equals(status) && value != null) {
                return dev.gpudoctor.fact.Fact.found(value, ev);
            }
            // The bundle's text, shown in a report: shortened, control characters replaced.
            String reason = why == null || why.isBlank() ? "the bundle records no reason" : Excerpt.of(why, 300);
            return "failed".equals(status) ? dev.gpudoctor.fact.Fact.failed(reason, ev)
                    : dev.gpudoctor.fact.Fact.absent(reason, ev);
        }
    }
}
