package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.Fixtures;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run by a user who cannot read some files, directories and device nodes: each probe that meets
 * one says "permission denied" in a failed fact, and the run completes. Done for real, as a
 * separate gpu-doctor process under another user: tests and CI run as root, whom no file mode
 * stops, so as root the check runs as nobody (65534) through setpriv (util-linux), which drops
 * every capability; as any other user it runs as that user, whom mode 000 stops as well.
 */
class UnprivilegedRunTest {

    private static final String NOBODY = "65534";
    private static final String PERMISSION_DENIED = "permission denied";

    @TempDir
    Path tmp;

    @Test
    void unreadableFilesAndDeviceNodesAreFailedFactsThatSayPermissionDenied() throws Exception {
        boolean root = run(List.of("id", "-u")).strip().equals("0");
        List<String> as = root ? List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups") : List.of();
        if (root) {
            assertThat(run(concat(as, List.of("id", "-u"))).strip())
                    .as("setpriv (util-linux) switches to nobody; .ci/run installs it").isEqualTo(NOBODY);
        }
        // The folders the other user reads: JUnit's temporary folder is the owner's alone.
        open(tmp);
        Path host = hostWithClosedFiles(root);
        List<String> classPath = root ? copyClassPath(tmp.resolve("cp")) : List.of(System.getProperty("java.class.path"));

        List<String> cmd = concat(as, List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", String.join(File.pathSeparator, classPath),
                GpuDoctor.class.getName(), "check", "--root", host.toString(),
                "--python", "/opt/torch/.venv/bin/python3", "--format", "json"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(tmp.resolve("stderr.txt").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        pb.environment().put("LC_ALL", "C.UTF-8");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String err = Files.readString(tmp.resolve("stderr.txt"));

        assertThat(p.exitValue()).as("exit code; stderr: " + err).isIn(ExitCode.OK.code(), ExitCode.PROBLEMS.code());
        assertThat(err).doesNotContain("internal error");
        JsonNode facts = Json.mapper().readTree(out).get("facts");
        assertThat(Json.mapper().readTree(out).get("probes").findValuesAsText("outcome")).containsOnly("completed");

        assertDenied(facts.at("/system/os"), PERMISSION_DENIED, "/etc/os-release");
        assertDenied(facts.at("/kernel/module"), PERMISSION_DENIED, "/proc/driver/nvidia/version");
        assertDenied(facts.at("/kernel/deviceNodes"), "cannot list /dev/nvidia-caps: permission denied", "/dev/nvidia-caps");
        assertDenied(facts.at("/system/packages"), "dpkg: permission denied: /var/lib/dpkg", "/var/lib/dpkg/status");
        assertDenied(facts.at("/python/environments/value/0/torch"), PERMISSION_DENIED,
                "/opt/torch/.venv/lib/python3.12/site-packages/torch/version.py");
        // What stays readable is read: the failures are the closed files', not a broken copy's.
        assertThat(facts.at("/system/kernel/status").asText()).isEqualTo("found");
        assertThat(facts.at("/python/environments/value/0/packages/torch").asText()).isEqualTo("2.11.0");

        if (root) {
            // The same host examined as root, whom mode 000 does not stop: found.
            Cli.Run asRoot = Cli.run("check", "--root", host.toString(), "--format", "json");
            assertThat(Json.mapper().readTree(asRoot.out()).at("/facts/system/os/status").asText()).isEqualTo("found");
        }
    }

    private static void assertDenied(JsonNode fact, String why, String where) {
        assertThat(fact.path("status").asText()).as(fact.toString()).isEqualTo("failed");
        assertThat(fact.path("why").asText()).isEqualTo(why);
        assertThat(fact.path("evidence").findValuesAsText("where")).contains(where);
    }

    /**
     * The H200 capture's files, with some closed: files of mode 000 (os-release, the driver's version
     * file, torch's version.py), a directory of mode 000 (the dpkg database's) and device nodes in
     * /dev, one of mode 000 and the /dev/nvidia-caps directory of mode 000.
     */
    private Path hostWithClosedFiles(boolean root) throws IOException, InterruptedException {
        Path host = Fixtures.copy(Fixtures.bundle("h200-torch-container").resolve("rootfs"), tmp.resolve("host"));
        Files.createDirectories(host.resolve("dev/nvidia-caps"));
        node(root, host.resolve("dev/nvidia0"), "195", "0");
        node(root, host.resolve("dev/nvidiactl"), "195", "255");
        node(root, host.resolve("dev/nvidia-caps/nvidia-cap1"), "241", "1");
        open(host);
        for (String closed : List.of("etc/os-release", "proc/driver/nvidia/version",
                "opt/torch/.venv/lib/python3.12/site-packages/torch/version.py", "var/lib/dpkg", "dev/nvidia0",
                "dev/nvidia-caps")) {
            Files.setPosixFilePermissions(host.resolve(closed), Set.of());
        }
        return host;
    }

    /** A character device as root makes it (mknod); a regular file of the same name otherwise. */
    private static void node(boolean root, Path path, String major, String minor) throws IOException, InterruptedException {
        if (root && new ProcessBuilder("mknod", path.toString(), "c", major, minor).start().waitFor() == 0) {
            return;
        }
        Files.writeString(path, "");
    }

    /** Everything under the folder readable by all, folders searchable (links left as they are). */
    private static void open(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                if (Files.isSymbolicLink(p)) {
                    continue;
                }
                boolean folder = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
                perms.addAll(PosixFilePermissions.fromString(folder ? "r-xr-xr-x" : "r--r--r--"));
                Files.setPosixFilePermissions(p, perms);
            }
        }
    }

    /**
     * A copy of this JVM's class path that nobody can read: the build's folders and the Maven
     * repository usually lie under /root (mode 700). A jar whose manifest names the real class path
     * (a launcher's) is followed.
     */
    private static List<String> copyClassPath(Path to) throws IOException {
        List<String> out = new ArrayList<>();
        List<Path> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(Path.of(e));
        }
        for (int i = 0; i < entries.size(); i++) {
            Path e = entries.get(i);
            if (!Files.exists(e)) {
                continue;
            }
            Path target = to.resolve(i + "-" + e.getFileName());
            if (Files.isDirectory(e)) {
                Fixtures.copy(e, target);
            } else {
                Files.createDirectories(to);
                Files.copy(e, target);
                try (JarFile jar = new JarFile(e.toFile())) {
                    String manifestPath = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (manifestPath != null) {
                        for (String u : manifestPath.trim().split("\\s+")) {
                            URI uri = URI.create(u);
                            entries.add(uri.isAbsolute() ? Path.of(uri) : e.toAbsolutePath().getParent().resolve(uri.getPath()));
                        }
                    }
                }
            }
            out.add(target.toString());
        }
        open(to);
        return out;
    }

    private static String run(List<String> cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
