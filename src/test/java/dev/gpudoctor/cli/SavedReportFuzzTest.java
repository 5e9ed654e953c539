package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.diagnosis.Diagnoser;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Report;
import dev.gpudoctor.testing.Fixtures;
import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.TreeMutator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A hostile or broken saved report never crashes {@code gpu-doctor diagnose REPORT.json}: it is
 * refused as "not a valid gpu-doctor report" (or "holds no facts"), or it is diagnosed and the
 * result prints in every format with an exit code. A rule that throws on facts no probe writes (a
 * Python environment without its prefix) is contained as the Diagnoser promises, a "check did not
 * complete" finding with the other findings standing; those are counted, not failed. The reports
 * are those check writes for real captures, mutated as JSON trees and as bytes.
 */
class SavedReportFuzzTest {

    private static final List<String> FIXTURES = List.of("h200-torch-container", "driver-library-mismatch",
            "pip-cudnn-shadowed-by-ld-library-path", "nouveau-loaded", "wsl2", "mig-enabled-a100", "gpu-memory-errors",
            "torch-cu124-on-driver-535", "container-require-cuda-unmet", "no-gpu-no-toolkit");

    @Test
    void mutatedReportsOfRealCaptures() {
        List<byte[]> reports = new ArrayList<>();
        for (String f : FIXTURES) {
            reports.add(Cli.run("check", "--from", Fixtures.bundle(f).toString(), "--format", "json").out()
                    .getBytes(StandardCharsets.UTF_8));
        }
        MatrixSource matrix = MatrixSource.bundled();
        Runtime rt = new Runtime(Map.of(), new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false);
        var s = Fuzz.run("diagnose REPORT.json", new TreeMutator(Json.mapper(), reports), in -> {
            Report r;
            try {
                r = SavedReports.rediagnose("fuzz.json", in, matrix);
            } catch (UserError e) {
                assertThat(e.exitCode()).isEqualTo(ExitCode.COULD_NOT_RUN);
                assertThat(e.getMessage()).containsAnyOf("is not a valid gpu-doctor report", "holds no facts",
                        "has report schemaVersion");
                return "refused";
            }
            boolean contained = r.findings().stream()
                    .anyMatch(f -> f.code().equals(Diagnoser.INCOMPLETE) && f.area().equals("Diagnosis"));
            for (OutputOptions.Format format : OutputOptions.Format.values()) {
                OutputOptions o = new OutputOptions();
                o.format = format;
                o.verbose = true;
                o.render(r, rt);
            }
            int exit = CheckCommand.exitCodeOf(r).code();
            return contained ? "diagnosed, a rule contained" : "diagnosed, exit " + exit;
        });
        assertThat(s.count("refused")).isPositive();
        assertThat(s.outcomes().keySet()).anyMatch(o -> o.startsWith("diagnosed"));
    }
}
