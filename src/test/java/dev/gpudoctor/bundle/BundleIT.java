package dev.gpudoctor.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gpudoctor.testing.FakeRuntimeLibraries;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The self-contained bundle as a user gets it: target/gpu-doctor-VERSION-linux-x86_64.tar.gz,
 * unpacked with tar into a folder of another name (with a space), run through a symbolic link from
 * elsewhere, with no Java on PATH and no JAVA_HOME. Runs after package (failsafe); skipped, with
 * the build's reason, only where no JDK could link a runtime and the build was not told to require it.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class BundleIT {

    private static final String FIXTURE = "src/test/resources/fixtures/h200-torch-container";

    @TempDir
    static Path tmp;

    static Path home;
    static Path tools;
    static Path link;
    /** Why there is no bundle to test (each test is then skipped with it), or null. */
    static String notBuilt;

    @BeforeAll
    static void unpack() throws Exception {
        if (Boolean.getBoolean("gpu-doctor.bundle.skip")) {
            notBuilt = "the bundle was not built: -Dgpu-doctor.bundle.skip=true";
            System.out.println("BundleIT skipped: " + notBuilt);
            return;
        }
        Path tarball = Path.of(property("gpu-doctor.bundle"));
        if (!Files.isRegularFile(tarball)) {
            Path skipped = Path.of(property("gpu-doctor.bundle.skipped"));
            if (!Files.isRegularFile(skipped)) {
                fail("no bundle at " + tarball + " and no reason in " + skipped);
            }
            String reason = Files.readString(skipped).strip();
            if (Boolean.getBoolean("gpu-doctor.bundle.require")) {
                fail("the bundle is required (-Dgpu-doctor.bundle.require=true) but was not built: " + reason);
            }
            notBuilt = "the bundle was not built: " + reason;
            System.out.println("BundleIT skipped: " + notBuilt);
            return;
        }
        Path unpacked = Files.createDirectories(tmp.resolve("opt dir"));
        Run untar = run(List.of("tar", "-xzf", tarball.toString(), "-C", unpacked.toString()), Map.of("PATH", "/usr/bin:/bin"));
        assertThat(untar.exit()).as("tar: %s", untar.err()).isZero();
        home = unpacked.resolve(property("gpu-doctor.bundle.name"));
        // PATH for the launcher: bash and readlink, no java anywhere on it.
        tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("bash", "readlink")) {
            Path real = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
                    .orElseThrow(() -> new IllegalStateException(tool + " not found"));
            Files.createSymbolicLink(tools.resolve(tool), real);
        }
        link = Files.createDirectories(tmp.resolve("usr/local/bin")).resolve("gpu-doctor");
        Files.createSymbolicLink(link, home.resolve("bin/gpu-doctor"));
    }

    @BeforeEach
    void bundleBuilt() {
        Assumptions.assumeTrue(notBuilt == null, () -> notBuilt);
    }

    @Test
    void holdsTheRuntimeTheJarTheLauncherTheArchivesCompletionAndManPages() throws Exception {
        assertThat(home.resolve("bin/gpu-doctor")).isExecutable();
        assertThat(home.resolve("lib/gpu-doctor.jar")).isRegularFile();
        assertThat(home.resolve("runtime/bin/java")).isExecutable();
        assertThat(home.resolve("runtime/lib/server/classes.jsa")).as("the runtime's base CDS archive (jlink)").isRegularFile();
        assertThat(home.resolve("lib/gpu-doctor.jsa")).as("the tool's CDS archive").isRegularFile();
        assertThat(Files.readString(home.resolve("share/bash-completion/completions/gpu-doctor")))
                .contains("complete -F").contains("gpu-doctor").contains("check");
        assertThat(home.resolve("README.txt")).isRegularFile();
        List<String> manPages = list(home.resolve("share/man/man1"));
        assertThat(manPages).contains("gpu-doctor.1", "gpu-doctor-check.1", "gpu-doctor-capture.1", "gpu-doctor-matrix-validate.1");
        assertThat(Files.readString(home.resolve("share/man/man1/gpu-doctor-check.1"))).contains(".TH \"GPU\\-DOCTOR\\-CHECK\" \"1\"", "\\-\\-root");

        // Exactly the modules the tool needs, no JDK tools, no jmods.
        String release = Files.readString(home.resolve("runtime/release"));
        String modules = release.lines().filter(l -> l.startsWith("MODULES=")).findFirst().orElseThrow()
                .replaceAll("MODULES=\"(.*)\"", "$1");
        assertThat(new TreeSet<>(Arrays.asList(modules.split(" "))))
                .isEqualTo(new TreeSet<>(Arrays.asList(property("gpu-doctor.bundle.modules").split(","))));
        assertThat(list(home.resolve("runtime/bin"))).containsExactlyInAnyOrder("java", "keytool");
        assertThat(home.resolve("runtime/jmods")).doesNotExist();
    }

    @Test
    void staysWithinTheSizeGoal() throws IOException {
        long max = Long.getLong("gpu-doctor.bundle.maxMiB", 35) * 1024 * 1024;
        assertThat(Files.size(Path.of(property("gpu-doctor.bundle")))).isLessThanOrEqualTo(max);
    }

    /** The bundle runs on linux-x86-64 only: its jar leaves out JNA's stubs for other systems, which the plain jar keeps. */
    @Test
    void theBundlesJarCarriesJnasNativeStubForLinuxX8664Only() throws IOException {
        java.util.function.Function<Path, List<String>> stubs = jar -> {
            try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar.toFile())) {
                return z.stream().map(java.util.zip.ZipEntry::getName).filter(n -> n.matches("com/sun/jna/[^/]+/(lib)?jnidispatch\\.[a-z]+"))
                        .sorted().toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        assertThat(stubs.apply(home.resolve("lib/gpu-doctor.jar"))).containsExactly("com/sun/jna/linux-x86-64/libjnidispatch.so");
        Path plain = Path.of(property("gpu-doctor.bundle")).resolveSibling("gpu-doctor.jar");
        assertThat(stubs.apply(plain)).as("the plain jar runs on any Java 17+ system")
                .contains("com/sun/jna/linux-x86-64/libjnidispatch.so", "com/sun/jna/darwin-aarch64/libjnidispatch.jnilib",
                        "com/sun/jna/win32-x86-64/jnidispatch.dll")
                .hasSizeGreaterThan(10);
        // Stored: gzip compresses the classes across files, which the jar's own deflate cannot.
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(home.resolve("lib/gpu-doctor.jar").toFile())) {
            assertThat(z.stream().filter(e -> !e.isDirectory()).map(java.util.zip.ZipEntry::getMethod).distinct().toList())
                    .containsExactly(java.util.zip.ZipEntry.STORED);
        }
    }

    @Test
    void theLauncherRunsVersionOnTheBundledRuntimeWithNoJavaOnPath() throws Exception {
        Map<String, String> env = Map.of("PATH", tools.toString());
        assertThat(run(List.of("bash", "-c", "command -v java"), env).exit()).as("java must not be on this PATH").isNotZero();

        Run r = run(List.of(link.toString(), "--version"), env);

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        List<String> lines = r.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo("gpu-doctor " + property("gpu-doctor.version"));
        assertThat(lines).anySatisfy(l -> assertThat(l).matches("matrix: \\d{4}-\\d{2}-\\d{2} \\(format \\d+, bundled\\)"));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("build: commit "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("runtime: Java ")
                .endsWith(" at " + home.resolve("runtime").toRealPath()));
    }

    @Test
    void theClassDataArchivesAreUsedAfterUnpacking() throws Exception {
        // -Xshare:on makes the JVM stop rather than run without them.
        Path log = tmp.resolve("class-load.log");
        Run r = run(List.of(link.toString(), "--version"), Map.of("PATH", tools.toString(),
                "GPU_DOCTOR_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + log));
        assertThat(r.exit()).as(r.err()).isZero();
        String loads = Files.readString(log);
        assertThat(loads).contains("dev.gpudoctor.cli.GpuDoctor source: shared objects file");
        assertThat(loads).as("picocli (Java 5 bytecode) is in the archive too")
                .contains("picocli.CommandLine source: shared objects file");
        assertThat(loads).contains("java.lang.Object source: shared objects file");
    }

    @Test
    void theArchivesHoldOnAHostWithMoreThan128GiB() throws Exception {
        // The JVM drops compressed oops for heaps over 32 GiB; the archives need them (a GPU host has the RAM).
        Run r = run(List.of(link.toString(), "--version"), Map.of("PATH", tools.toString(),
                "GPU_DOCTOR_JAVA_OPTS", "-XX:MaxRAM=512g -Xshare:on"));
        assertThat(r.exit()).as(r.err()).isZero();
        Path java = home.resolve("runtime/bin/java");
        Run base = run(List.of(java.toString(), "-XX:MaxRAM=512g", "-Xshare:on", "-version"), Map.of());
        assertThat(base.exit()).as("the runtime's own archive, as --deep's child JVMs use it: %s", base.err()).isZero();
    }

    @Test
    void everyCommandFamilyRunsOnTheLinkedModules() throws Exception {
        Map<String, String> env = Map.of("PATH", tools.toString());
        String fixture = Path.of(FIXTURE).toAbsolutePath().toString();

        Run json = run(List.of(link.toString(), "check", "--from", fixture, "--format", "json"), env);
        assertThat(json.exit()).as(json.err()).isIn(0, 1);
        assertThat(json.err()).isEmpty();
        JsonNode report = new ObjectMapper().readTree(json.out());
        assertThat(report.path("facts").path("driver").isMissingNode()).isFalse();

        // The fleet commands read saved reports back (Jackson's deserializers, the reader threads).
        Path fleet = Files.createDirectories(tmp.resolve("fleet"));
        Files.writeString(fleet.resolve("node-1.json"), json.out());
        Files.writeString(fleet.resolve("node-2.json"), json.out());
        Run diagnose = run(List.of(link.toString(), "diagnose", fleet.toString(), "--format", "json"), env);
        assertThat(diagnose.exit()).as(diagnose.err()).isIn(0, 1);
        assertThat(diagnose.err()).isEmpty();
        assertThat(new ObjectMapper().readTree(diagnose.out()).path("reports").size()).isEqualTo(2);
        Run summarize = run(List.of(link.toString(), "summarize", fleet.toString()), env);
        assertThat(summarize.exit()).as(summarize.err()).isZero();
        assertThat(summarize.out()).contains("2 report(s), 0 unreadable, 1 distinct stack(s)");

        Run validate = run(List.of(link.toString(), "matrix", "validate"), env);
        assertThat(validate.exit()).as(validate.err()).isZero();

        Path capture = tmp.resolve("capture.tar.gz");
        Run cap = run(List.of(link.toString(), "capture", "--root", fixture + "/rootfs", "-o", capture.toString()), env);
        assertThat(cap.exit()).as(cap.err()).isZero();
        Run replay = run(List.of(link.toString(), "check", "--from", capture.toString(), "--format", "markdown"), env);
        assertThat(replay.exit()).as(replay.err()).isIn(0, 1);
        assertThat(replay.err()).isEmpty();

        Run help = run(List.of(link.toString(), "--help"), env);
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("check", "capture", "matrix");

        // matrix update builds an https client even for a file:// mirror: java.net.http must be linked.
        Path pub = tmp.resolve("published-matrix");
        Run publish = run(List.of(link.toString(), "matrix", "publish", "--from", Path.of("compat-matrix").toAbsolutePath().toString(),
                "-o", pub.toString()), env);
        assertThat(publish.exit()).as(publish.err()).isZero();
        Map<String, String> cache = Map.of("PATH", tools.toString(), "XDG_CACHE_HOME", tmp.resolve("xdg").toString());
        Run update = run(List.of(link.toString(), "matrix", "update", "--url", pub.toUri().toString()), cache);
        assertThat(update.exit()).as(update.err()).isZero();
        // model inspect and check read protobuf files through protobuf-java, which no other family loads.
        String detector = dev.gpudoctor.model.ModelFixtures.writeDetector(Files.createDirectories(tmp.resolve("models"))).toString();
        for (List<String> args : List.of(List.of("fix", "--from", fixture), List.of("plan", "--from", fixture, "--target", "torch==2.5.1"),
                List.of("diff", fixture, capture.toString()), List.of("validate", "--format", "json"),
                List.of("model", "inspect", detector), List.of("model", "check", detector, "--tensorrt", "8.4"))) {
            List<String> argv = new java.util.ArrayList<>(List.of(link.toString()));
            argv.addAll(args);
            Run r = run(argv, env);
            assertThat(r.err()).as(String.join(" ", args)).doesNotContain("Exception", "NoClassDefFoundError");
            assertThat(r.exit()).as(String.join(" ", args) + ": " + r.err()).isIn(0, 1);
        }
    }

    @Test
    void deepLoadsALibraryCopyInAChildJvmOfTheBundledRuntime() throws Exception {
        // The child JVM gets the bundle's class path by real path (the launcher's /proc/self/fd/9 is not inherited).
        Path libs = FakeRuntimeLibraries.build(tmp.resolve("fake-libs"), "libcudnn.so.9", "CUDNN").getParent();
        Run r = run(List.of(link.toString(), "check", "--deep", "--format", "json", "--timeout", "60"),
                Map.of("PATH", tools.toString(), "LD_LIBRARY_PATH", libs.toString()));
        assertThat(r.exit()).as(r.err()).isIn(0, 1);
        JsonNode copies = new ObjectMapper().readTree(r.out()).path("facts").path("copies").path("copies").path("value");
        JsonNode fake = null;
        for (JsonNode c : copies) {
            if (c.path("path").asText().equals(libs.resolve("libcudnn.so.9").toString())) {
                fake = c;
            }
        }
        assertThat(fake).as("the fake cuDNN among %s", copies).isNotNull();
        assertThat(fake.path("load").path("status").asText()).as(fake.toString()).isEqualTo("found");
        assertThat(fake.path("load").path("value").path("kind").asText()).isEqualTo("cudnn");
    }

    private static List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    private static String property(String name) {
        String v = System.getProperty(name);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set (the failsafe configuration in pom.xml sets it)");
        }
        return v;
    }

    record Run(int exit, String out, String err) {
    }

    /** Runs a command with exactly this environment (nothing inherited: no JAVA_HOME, no PATH with java). */
    static Run run(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).directory(tmp.toFile());
        pb.environment().clear();
        pb.environment().putAll(new HashMap<>(env));
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail("timed out: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
