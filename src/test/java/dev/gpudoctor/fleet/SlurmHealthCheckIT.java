package dev.gpudoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.testing.Proc;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * contrib/slurm on a real one-node Slurm cluster: Debian's slurmctld and slurmd (22.05) with munge,
 * started here in the foreground on free ports with their state in a temporary folder. The node is
 * this machine; gpu-doctor replays fixture hosts (--from), so the cluster behaves as if its node had
 * that GPU stack: a host without /dev/nvidia-uvm (a real failure after a driver install without
 * nvidia-modprobe) must be drained with the finding's code, the H200 host must be returned to
 * service, and a node that an administrator drained for their own reason must stay drained.
 * Skipped only where the Slurm or munge daemons are not installed (CI installs them: .ci/run).
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SlurmHealthCheckIT {

    private static final Path FIXTURES = Path.of("src/test/resources/fixtures").toAbsolutePath();
    private static final String HEALTHY = "h200-torch-container";
    /** Its one error finding is device-node.uvm-missing. */
    private static final String BROKEN = "missing-nvidia-uvm";
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path tmp;

    static Cluster cluster;
    static String gpuDoctor;

    @BeforeAll
    static void startCluster() throws Exception {
        for (String daemon : List.of("slurmctld", "slurmd", "munged", "sinfo", "scontrol", "srun")) {
            assumeTrue(Proc.onPath(daemon) != null, daemon + " is not installed (Debian: slurmctld slurmd slurm-client munge)");
        }
        Path jar = Path.of("target", "gpu-doctor.jar").toAbsolutePath();
        assertThat(jar).as("the jar that package builds before the integration tests").isRegularFile();
        // Through links in the temporary folder: GPU_DOCTOR is split on spaces, as the README says.
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("gpu-doctor.jar"), jar);
        Files.createSymbolicLink(bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
        gpuDoctor = bin.resolve("java") + " -jar " + bin.resolve("gpu-doctor.jar");
        cluster = Cluster.start(tmp.resolve("cluster"));
        cluster.waitForState("idle");
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** Each test starts from a node in service, whatever the one before left. */
    @BeforeEach
    void nodeInService() throws Exception {
        cluster.useConfig(config(HEALTHY, ""));
        if (cluster.state().contains("drain")) {
            cluster.scontrol("update", "nodename=" + cluster.node, "state=resume");
        }
        cluster.waitForState("idle");
    }

    @Test
    void srunRunsTheCheckOnTheNodeAndTheCleanPrologLetsTheJobStart() throws Exception {
        Files.deleteIfExists(cluster.textfile);

        Proc r = cluster.client(List.of("srun", "-N1", "-t", "2", "--job-name=gpu-doctor-check",
                "sh", "-c", gpuDoctor + " check --from " + FIXTURES.resolve(HEALTHY)));

        assertThat(r.exit()).as("srun: %s%s", r.err(), cluster.logs()).isZero();
        assertThat(r.out()).contains("NVIDIA H200", "No problem found.");
        // The prolog, started by slurmd with its own bare environment, ran the check before the job.
        assertThat(cluster.textfile).as("the textfile the prolog wrote" + cluster.logs()).isRegularFile();
        assertThat(Files.readString(cluster.textfile)).contains("gpu_doctor_check_ok 1");
    }

    @Test
    void anErrorFindingDrainsTheNodeWithItsCode() throws Exception {
        Proc r = cluster.healthCheck(config(BROKEN, ""));

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(cluster.node + " drained: gpu-doctor: device-node.uvm-missing");
        assertThat(cluster.sinfo()).isEqualTo("drained gpu-doctor: device-node.uvm-missing");
        String node = cluster.scontrol("show", "node", cluster.node).out();
        assertThat(node).containsPattern("State=\\S*DRAIN").contains("Reason=gpu-doctor: device-node.uvm-missing [");
        String reason = node.lines().filter(l -> l.strip().startsWith("Reason=")).findFirst().orElseThrow();

        // Checked again and still broken: the reason, with its user and time stamp, stays as it was.
        Proc again = cluster.healthCheck(config(BROKEN, ""));
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).doesNotContain("drained:");
        assertThat(cluster.scontrol("show", "node", cluster.node).out()).contains(reason);
    }

    @Test
    void aCleanCheckReturnsANodeItDrainedToService() throws Exception {
        assertThat(cluster.healthCheck(config(BROKEN, "")).exit()).isEqualTo(1);
        assertThat(cluster.state()).isEqualTo("drained");

        Proc r = cluster.healthCheck(config(HEALTHY, ""));

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains(cluster.node + " resumed", "was: gpu-doctor: device-node.uvm-missing");
        cluster.waitForState("idle");
        assertThat(cluster.sinfo()).isEqualTo("idle none");
    }

    @Test
    void anAdministratorsDrainIsNeverResumedNorRenamed() throws Exception {
        String theirs = "fan replaced, ticket 4711";
        cluster.scontrol("update", "nodename=" + cluster.node, "state=drain", "reason=" + theirs);

        Proc clean = cluster.healthCheck(config(HEALTHY, ""));
        assertThat(clean.exit()).as(clean.err()).isZero();
        assertThat(cluster.sinfo()).isEqualTo("drained " + theirs);

        Proc broken = cluster.healthCheck(config(BROKEN, ""));
        assertThat(broken.exit()).isEqualTo(1);
        assertThat(broken.err()).contains("already drained for another reason (" + theirs + ")");
        assertThat(cluster.sinfo()).isEqualTo("drained " + theirs);
    }

    @Test
    void thePrologDrainsTheNodeAndKeepsTheJobOffIt() throws Exception {
        cluster.useConfig(config(BROKEN, ""));

        Proc r = cluster.client(List.of("srun", "-N1", "-t", "2", "--job-name=on-a-broken-node", "sh", "-c", "echo the job ran"));

        assertThat(r.exit()).as("srun on a node whose prolog fails").isNotZero();
        assertThat(r.out()).doesNotContain("the job ran");
        assertThat(r.err()).contains("prolog");
        // The prolog's reason, not Slurm's generic "Prolog error": the finding says what to fix.
        assertThat(cluster.sinfo()).as(cluster.logs()).isEqualTo("drained gpu-doctor: device-node.uvm-missing");

        assertThat(cluster.healthCheck(config(HEALTHY, "")).exit()).isZero();
        cluster.waitForState("idle");
    }

    @Test
    void aHungCheckIsCutOffAndOnlyDrainsWhenConfiguredTo() throws Exception {
        Path hang = tmp.resolve("bin/hanging-gpu-doctor");
        Files.writeString(hang, "#!/bin/sh\nexec sleep 600\n");
        Files.setPosixFilePermissions(hang, PosixFilePermissions.fromString("rwxr-xr-x"));

        Proc ignored = cluster.healthCheck("GPU_DOCTOR=" + hang + "\nGPU_DOCTOR_TIMEOUT=2\n");
        assertThat(ignored.exit()).as(ignored.err()).isZero();
        assertThat(ignored.err()).contains("check timed out after 2s");
        assertThat(ignored.took()).isLessThan(Duration.ofSeconds(30));
        assertThat(cluster.sinfo()).isEqualTo("idle none");

        Proc drained = cluster.healthCheck("GPU_DOCTOR=" + hang + "\nGPU_DOCTOR_TIMEOUT=2\nGPU_DOCTOR_ON_FAILURE=drain\n");
        assertThat(drained.exit()).isEqualTo(1);
        assertThat(cluster.sinfo()).isEqualTo("drained gpu-doctor: check timed out after 2s");

        // It was this program's drain, so a clean check lifts it.
        assertThat(cluster.healthCheck(config(HEALTHY, "")).exit()).isZero();
        cluster.waitForState("idle");
    }

    @Test
    void anUnmetRequirementDrainsWithRequireUnmet() throws Exception {
        // The H200 replay has driver 580: a fleet that requires 590 must not schedule on it.
        Proc r = cluster.healthCheck(config(HEALTHY, "--require driver>=590"));

        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(cluster.sinfo()).isEqualTo("drained gpu-doctor: require.unmet");
    }

    private static String config(String fixture, String moreArgs) {
        return "GPU_DOCTOR=\"" + gpuDoctor + "\"\n"
                + "GPU_DOCTOR_ARGS=\"--from " + FIXTURES.resolve(fixture) + (moreArgs.isEmpty() ? "" : " " + moreArgs) + "\"\n"
                + "GPU_DOCTOR_TEXTFILE=" + cluster.textfile + "\n"
                + "GPU_DOCTOR_SYSLOG=no\n";
    }

    /** One slurmctld, one slurmd (this machine as the only node), one munged, all children of this JVM. */
    static final class Cluster implements AutoCloseable {
        final Path dir;
        final Path conf;
        final Path activeConfig;
        final Path textfile;
        final String node;
        final Map<String, String> clientEnv = new HashMap<>();
        final List<Process> daemons = new ArrayList<>();

        private Cluster(Path dir, String node) {
            this.dir = dir;
            this.node = node;
            this.conf = dir.resolve("slurm.conf");
            this.activeConfig = dir.resolve("gpu-doctor.conf");
            this.textfile = dir.resolve("gpu-doctor.prom");
        }

        static Cluster start(Path dir) throws Exception {
            Files.createDirectories(dir);
            // munged refuses a socket whose folders are not searchable by everyone.
            for (Path p : List.of(tmp, dir)) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            String node = hostname();
            Cluster c = new Cluster(dir, node);
            try {
                c.startMunge();
                c.writeConfig();
                c.startDaemon("slurmctld", List.of("slurmctld", "-D", "-c", "-i", "-f", c.conf.toString()));
                c.waitFor("slurmctld answering", () -> c.client(List.of("scontrol", "ping")).out().contains("is UP"));
                c.startDaemon("slurmd", List.of("slurmd", "-D", "-N", node, "-f", c.conf.toString()));
                return c;
            } catch (Throwable t) {
                c.close();
                throw t;
            }
        }

        private static String hostname() throws Exception {
            Proc r = Proc.run(List.of("hostname", "-s"), Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(10));
            String name = r.out().strip();
            return name.isEmpty() ? InetAddress.getLocalHost().getHostName().replaceAll("\\..*", "") : name;
        }

        private void startMunge() throws Exception {
            Path m = Files.createDirectories(dir.resolve("munge"));
            Files.setPosixFilePermissions(m, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path key = m.resolve("munge.key");
            byte[] bytes = new byte[1024];
            new java.security.SecureRandom().nextBytes(bytes);
            Files.write(key, bytes);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("r--------"));
            Path socket = m.resolve("munge.socket");
            startDaemon("munged", List.of("munged", "-F", "--socket=" + socket, "--key-file=" + key, "--pid-file=" + m.resolve("munged.pid"),
                    "--seed-file=" + m.resolve("munged.seed"), "--log-file=" + m.resolve("munged.log")));
            waitFor("munged's socket", () -> Files.exists(socket));
        }

        private void writeConfig() throws Exception {
            Path prolog = dir.resolve("prolog");
            // slurmd gives a prolog almost no environment; a site points it at /etc/default/gpu-doctor,
            // this cluster at its own file, switched by the tests.
            Files.writeString(prolog, "#!/bin/sh\nGPU_DOCTOR_CONFIG=" + activeConfig + " exec "
                    + Path.of("contrib/slurm/gpu-doctor-prolog").toAbsolutePath() + "\n");
            Files.setPosixFilePermissions(prolog, PosixFilePermissions.fromString("rwxr-xr-x"));
            for (String d : List.of("state", "spool", "log")) {
                Files.createDirectories(dir.resolve(d));
            }
            String user = System.getProperty("user.name");
            String text = String.join("\n",
                    "ClusterName=gpudoctor",
                    "SlurmctldHost=" + node + "(127.0.0.1)",
                    "SlurmctldPort=" + freePort(),
                    "SlurmdPort=" + freePort(),
                    "SlurmUser=" + user,
                    "SlurmdUser=" + user,
                    "AuthType=auth/munge",
                    "CredType=cred/munge",
                    "AuthInfo=socket=" + dir.resolve("munge/munge.socket"),
                    "StateSaveLocation=" + dir.resolve("state"),
                    "SlurmdSpoolDir=" + dir.resolve("spool"),
                    "SlurmctldPidFile=" + dir.resolve("slurmctld.pid"),
                    "SlurmdPidFile=" + dir.resolve("slurmd.pid"),
                    "SlurmctldLogFile=" + dir.resolve("log/slurmctld.log"),
                    "SlurmdLogFile=" + dir.resolve("log/slurmd.log"),
                    "ProctrackType=proctrack/linuxproc",
                    "TaskPlugin=task/none",
                    "SelectType=select/cons_tres",
                    "SelectTypeParameters=CR_Core",
                    "JobAcctGatherType=jobacct_gather/none",
                    "AccountingStorageType=accounting_storage/none",
                    "MpiDefault=none",
                    "MailProg=/bin/true",
                    "ReturnToService=2",
                    "Prolog=" + prolog,
                    // The prolog's check replays a fixture in a fresh JVM: seconds on a busy machine.
                    "PrologEpilogTimeout=120",
                    "NodeName=" + node + " NodeAddr=127.0.0.1 CPUs=1 State=UNKNOWN",
                    "PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
                    "");
            Files.writeString(conf, text);
            clientEnv.put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
            clientEnv.put("SLURM_CONF", conf.toString());
        }

        private static int freePort() throws IOException {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }

        private void startDaemon(String name, List<String> argv) throws IOException {
            Path log = Files.createDirectories(dir.resolve("log")).resolve(name + ".out");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().clear();
            pb.environment().put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
            daemons.add(pb.start());
        }

        void useConfig(String text) throws IOException {
            Files.writeString(activeConfig, text);
        }

        /** The health-check program as slurmd runs it: the node's name and little else. */
        Proc healthCheck(String config) throws IOException {
            Path c = dir.resolve("healthcheck.conf");
            Files.writeString(c, config);
            // No PATH: the program sets its own, as it must under slurmd.
            Map<String, String> env = new HashMap<>();
            env.put("SLURM_CONF", conf.toString());
            env.put("SLURMD_NODENAME", node);
            env.put("GPU_DOCTOR_CONFIG", c.toString());
            return Proc.run(List.of(Path.of("contrib/slurm/gpu-doctor-healthcheck").toAbsolutePath().toString()), env, WAIT);
        }

        Proc client(List<String> argv) {
            return Proc.run(argv, clientEnv, WAIT);
        }

        Proc scontrol(String... args) {
            List<String> argv = new ArrayList<>(List.of("scontrol"));
            argv.addAll(List.of(args));
            Proc r = client(argv);
            assertThat(r.exit()).as("scontrol %s: %s", String.join(" ", args), r.err()).isZero();
            return r;
        }

        /** The node's state and reason as an operator reads them: sinfo -o "%T %E". */
        String sinfo() {
            Proc r = client(List.of("sinfo", "-h", "-N", "-n", node, "-o", "%T %E"));
            assertThat(r.exit()).as(r.err()).isZero();
            return r.out().strip();
        }

        String state() {
            return sinfo().split(" ", 2)[0];
        }

        void waitForState(String wanted) throws Exception {
            waitFor("node " + node + " " + wanted, () -> state().equals(wanted));
        }

        interface Check {
            boolean holds() throws Exception;
        }

        void waitFor(String what, Check check) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                for (Process d : daemons) {
                    if (!d.isAlive()) {
                        throw new AssertionError(d.info().command().orElse("a daemon") + " exited with " + d.exitValue() + logs());
                    }
                }
                if (check.holds()) {
                    return;
                }
                Thread.sleep(250);
            }
            throw new AssertionError("waited " + WAIT.toSeconds() + " s for " + what + "; sinfo: " + sinfo() + logs());
        }

        /** The daemons' logs, for a failure message. */
        String logs() {
            StringBuilder b = new StringBuilder();
            for (String log : List.of("log/slurmctld.log", "log/slurmd.log", "log/slurmctld.out", "log/slurmd.out", "log/munged.out")) {
                Path p = dir.resolve(log);
                try {
                    if (Files.isRegularFile(p)) {
                        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
                        b.append("\n--- ").append(log).append(" (last 30 lines)\n");
                        lines.subList(Math.max(0, lines.size() - 30), lines.size()).forEach(l -> b.append(l).append('\n'));
                    }
                } catch (IOException e) {
                    b.append("\n--- ").append(log).append(": ").append(e);
                }
            }
            return b.toString();
        }

        @Override
        public void close() {
            if (!clientEnv.isEmpty() && daemons.size() > 1) {
                // Stops slurmd and slurmctld cleanly (job steps included); killed below if that hangs.
                try {
                    Proc.run(List.of("scontrol", "shutdown"), clientEnv, Duration.ofSeconds(20));
                } catch (AssertionError e) {
                    // the kill below does it
                }
            }
            for (int i = daemons.size() - 1; i >= 0; i--) {
                Process d = daemons.get(i);
                try {
                    d.waitFor(i == 0 ? 0 : 10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Proc.killTree(d.toHandle());
            }
        }
    }
}
