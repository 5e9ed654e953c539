package dev.gpudoctor.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.Proc;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/examples/gpu-doctor-alerts.yml: valid for Prometheus (promtool check rules), firing as
 * intended on a node that loses /dev/nvidia-uvm and then stops checking (promtool test rules,
 * src/test/resources/fleet/gpu-doctor-alerts.test.yml), and written against metric names that
 * check --format prometheus really emits.
 */
class PrometheusAlertsTest {

    static final Path RULES = Path.of("docs/examples/gpu-doctor-alerts.yml");
    static final Path RULES_TEST = Path.of("src/test/resources/fleet/gpu-doctor-alerts.test.yml");

    @TempDir
    Path tmp;

    private Proc promtool(String... args) {
        Path promtool = Proc.onPath("promtool");
        assumeTrue(promtool != null, "promtool is not installed (Debian: prometheus)");
        List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", tmp.toString(), promtool.toString()));
        argv.addAll(List.of(args));
        return Proc.run(argv, Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(60));
    }

    @Test
    void promtoolAcceptsTheRulesAndTheirTestsPass() throws Exception {
        Files.copy(RULES, tmp.resolve("gpu-doctor-alerts.yml"));
        Files.copy(RULES_TEST, tmp.resolve("gpu-doctor-alerts.test.yml"));

        Proc check = promtool("check", "rules", "gpu-doctor-alerts.yml");
        assertThat(check.exit()).as(check.out() + check.err()).isZero();
        assertThat(check.out()).contains("SUCCESS: 2 rules found");

        Proc test = promtool("test", "rules", "gpu-doctor-alerts.test.yml");
        assertThat(test.exit()).as(test.out() + test.err()).isZero();
    }

    @Test
    void theRuleTestsFailWhenTheAlertSaysSomethingElse() throws Exception {
        Files.copy(RULES, tmp.resolve("gpu-doctor-alerts.yml"));
        Files.writeString(tmp.resolve("gpu-doctor-alerts.test.yml"),
                Files.readString(RULES_TEST).replace("code: device-node.uvm-missing", "code: driver.library-mismatch"));

        Proc test = promtool("test", "rules", "gpu-doctor-alerts.test.yml");

        assertThat(test.exit()).isNotZero();
        assertThat(test.out() + test.err()).contains("FAILED");
    }

    /** The rules' metrics and labels, as the missing-nvidia-uvm host's textfile has them. */
    @Test
    void theRulesUseMetricsThatTheReportHas() throws Exception {
        StringWriter out = new StringWriter();
        dev.gpudoctor.cli.GpuDoctor.commandLine(new dev.gpudoctor.cli.Runtime(Map.of("PATH", "/usr/bin:/bin"), new PrintWriter(out, true),
                new PrintWriter(new StringWriter(), true), false)).execute("check", "--from", Fixtures.bundle("missing-nvidia-uvm").toString(),
                "--format", "prometheus");
        String rules = Files.readString(RULES);

        assertThat(rules).contains("gpu_doctor_finding{severity=\"error\"} == 1", "gpu_doctor_last_check_timestamp_seconds");
        assertThat(out.toString()).contains("gpu_doctor_finding{code=\"device-node.uvm-missing\",severity=\"error\"} 1")
                .containsPattern("(?m)^gpu_doctor_last_check_timestamp_seconds \\d+$");
    }
}
