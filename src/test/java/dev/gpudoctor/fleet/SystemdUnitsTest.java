package dev.gpudoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.GpuDoctorCommand;
import dev.gpudoctor.testing.Proc;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/examples/gpu-doctor-textfile.service and .timer: checked by systemd's own systemd-analyze
 * verify, and the service's command run as systemd would run it, on fixture hosts: node_exporter
 * must only ever find a whole textfile, and a failed run must leave the last good one.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class SystemdUnitsTest {

    static final Path SERVICE = Path.of("docs/examples/gpu-doctor-textfile.service").toAbsolutePath();
    static final Path TIMER = Path.of("docs/examples/gpu-doctor-textfile.timer").toAbsolutePath();

    @TempDir
    static Path shared;
    static Path gpuDoctor;

    @TempDir
    Path tmp;

    @BeforeAll
    static void launcher() throws Exception {
        gpuDoctor = GpuDoctorCommand.write(shared.resolve("bin"));
    }

    private static Proc verify(Path... units) {
        Path analyze = Proc.onPath("systemd-analyze");
        assumeTrue(analyze != null, "systemd-analyze is not installed (Debian: systemd)");
        List<String> argv = new java.util.ArrayList<>(List.of(analyze.toString(), "verify"));
        Stream.of(units).map(Path::toString).forEach(argv::add);
        return Proc.run(argv, Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin"), Duration.ofSeconds(60));
    }

    /** systemd-analyze verify exits 0 even for unknown keys and bad values: only silence is a pass. */
    @Test
    void systemdAnalyzeVerifiesBothUnitsWithoutAWord() {
        Proc r = verify(SERVICE, TIMER);

        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out() + r.err()).isEmpty();
    }

    @Test
    void theVerifierSpeaksUpAboutAMistake() throws Exception {
        Path broken = Files.writeString(tmp.resolve("gpu-doctor-textfile.timer"), Files.readString(TIMER).replace("OnBootSec=", "OnBotSec="));
        Files.copy(SERVICE, tmp.resolve("gpu-doctor-textfile.service"));

        Proc r = verify(tmp.resolve("gpu-doctor-textfile.service"), broken);

        assertThat(r.out() + r.err()).contains("Unknown key 'OnBotSec'");
    }

    /** The command of ExecStart= after systemd's own unescaping ($$ is $), as /bin/sh receives it. */
    static String execStartScript() throws Exception {
        String line = Files.readAllLines(SERVICE).stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        Matcher m = Pattern.compile("ExecStart=/bin/sh -c '([^']*)'").matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        String escaped = m.group(1);
        // With no backslash, no specifier (%) and no lone $, "$$" -> "$" is all systemd changes.
        assertThat(escaped).doesNotContain("\\", "%");
        assertThat(escaped.replace("$$", "")).doesNotContain("$");
        return escaped.replace("$$", "$");
    }

    private Proc runService(String gpuDoctorArgs, Path textfile) throws Exception {
        return runService(gpuDoctor.toString(), gpuDoctorArgs, textfile);
    }

    private Proc runService(String command, String gpuDoctorArgs, Path textfile) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("GPU_DOCTOR", command);
        env.put("GPU_DOCTOR_ARGS", gpuDoctorArgs);
        env.put("GPU_DOCTOR_TEXTFILE", textfile.toString());
        return Proc.run(List.of("/bin/sh", "-c", execStartScript()), env, Duration.ofSeconds(120));
    }

    private List<String> folder(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theServiceWritesTheTextfileWholeForHealthyAndFailingHosts() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("node-exporter"));
        Path textfile = dir.resolve("gpu-doctor.prom");

        Proc healthy = runService("--from " + Fixtures.bundle("h200-torch-container").toAbsolutePath(), textfile);
        assertThat(healthy.exit()).as(healthy.err()).isZero();
        assertThat(Files.readString(textfile)).contains("gpu_doctor_check_ok 1", "gpu_doctor_gpu_info{index=\"0\",name=\"NVIDIA H200\"");
        assertThat(Files.getPosixFilePermissions(textfile)).contains(java.nio.file.attribute.PosixFilePermission.OTHERS_READ);

        // Problems found (exit 1) is a complete report, and the unit succeeds: the metrics carry the news.
        Proc failing = runService("--from " + Fixtures.bundle("missing-nvidia-uvm").toAbsolutePath(), textfile);
        assertThat(failing.exit()).as(failing.err()).isZero();
        assertThat(Files.readString(textfile)).contains("gpu_doctor_check_ok 0",
                "gpu_doctor_finding{code=\"device-node.uvm-missing\",severity=\"error\"} 1");
        assertThat(folder(dir)).containsExactly("gpu-doctor.prom");
    }

    @Test
    void aRunThatFailsKeepsTheLastGoodTextfileAndFailsTheUnit() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("node-exporter"));
        Path textfile = dir.resolve("gpu-doctor.prom");
        Files.writeString(textfile, "gpu_doctor_check_ok 1\n");

        Proc noBundle = runService("--from " + tmp.resolve("no-such-capture"), textfile);
        assertThat(noBundle.exit()).isEqualTo(2);
        assertThat(noBundle.err()).contains("no such bundle");
        assertThat(Files.readString(textfile)).isEqualTo("gpu_doctor_check_ok 1\n");

        Proc missing = runService(tmp.resolve("not-installed/gpu-doctor").toString(), "", textfile);
        assertThat(missing.exit()).isEqualTo(127);
        assertThat(Files.readString(textfile)).isEqualTo("gpu_doctor_check_ok 1\n");
        assertThat(folder(dir)).as("no temporary file left").containsExactly("gpu-doctor.prom");

        Proc noFolder = runService("--from " + Fixtures.bundle("h200-torch-container").toAbsolutePath(), tmp.resolve("absent/gpu-doctor.prom"));
        assertThat(noFolder.exit()).isEqualTo(2);
        assertThat(noFolder.err()).contains("mktemp");
    }
}
