package dev.gpudoctor.report;

import dev.gpudoctor.diagnosis.Diagnoser;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.rules.Rules;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.probe.ProbeRun;
import java.util.List;
import dev.gpudoctor.probe.Examination;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Builds the report of one examination. */
public final class Reports {

    private Reports() {
    }

    /** The report of an examination, diagnosed with the bundled matrix. */
    public static Report of(Host host, Examination.Result result, String capturedAt, String toolVersion) {
        return of(host, result, capturedAt, toolVersion, MatrixSource.bundled());
    }

    /** The report of an examination, diagnosed with the given matrix. */
    public static Report of(Host host, Examination.Result result, String capturedAt, String toolVersion,
                            MatrixSource matrix) {
        return of(host, result, capturedAt, toolVersion, Diagnosis.of(matrix));
    }

    /** The report of an examination, diagnosed with rules the caller built once for many hosts. */
    public static Report of(Host host, Examination.Result result, String capturedAt, String toolVersion,
                            Diagnosis rules) {
        return new Report(
                Report.SCHEMA_VERSION,
                new Report.Tool("gpu-doctor", toolVersion),
                new Report.Examined(host.description(), host.isLive(), capturedAt),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                Math.round(result.elapsedMs() * 10) / 10.0,
                rules.diagnose(result.facts(), result.runs()),
                result.facts(),
                result.runs());
    }

    /**
     * A GPU's compute capability by nvidia-smi's name, from the matrix's GPU table (confirmed entries
     * only); unknown otherwise, and then a cc requirement is not met.
     */
    public static java.util.function.Function<String, java.util.Optional<dev.gpudoctor.fact.Version>> computeCapability(
            MatrixSource matrix) {
        return gpuName -> {
            try {
                return matrix.get().lookupGpu(gpuName).filter(g -> g.citation().confirmed())
                        .map(dev.gpudoctor.matrix.GpuModel::computeCapability);
            } catch (MatrixException e) {
                return java.util.Optional.empty();
            }
        };
    }

    /** All rules over the facts, those of the bundled matrix included; without it, a finding says so. */
    public static List<Finding> diagnose(HostFacts facts, List<ProbeRun> runs) {
        return diagnose(facts, runs, MatrixSource.bundled());
    }

    public static List<Finding> diagnose(HostFacts facts, List<ProbeRun> runs, MatrixSource source) {
        return Diagnosis.of(source).diagnose(facts, runs);
    }

    /**
     * The rules over one matrix, built once: diagnose of a folder checks thousands of reports with
     * the same rules. Rules hold nothing but the matrix, so one Diagnosis serves every thread.
     */
    public static final class Diagnosis {

        private final java.util.Optional<Matrix> matrix;
        private final String matrixProblem;
        private final Diagnoser diagnoser;

        private Diagnosis(java.util.Optional<Matrix> matrix, String matrixProblem) {
            this.matrix = matrix;
            this.matrixProblem = matrixProblem;
            this.diagnoser = new Diagnoser(Rules.all(matrix));
        }

        /** Waits for the matrix; one that cannot be read leaves its rules out, and each diagnosis then says so. */
        public static Diagnosis of(MatrixSource source) {
            try {
                return new Diagnosis(java.util.Optional.of(source.get()), null);
            } catch (MatrixException e) {
                return new Diagnosis(java.util.Optional.empty(), e.getMessage());
            }
        }

        public List<Finding> diagnose(HostFacts facts, List<ProbeRun> runs) {
            List<Finding> out = new java.util.ArrayList<>(diagnoser.diagnose(facts, runs));
            if (matrix.isPresent()) {
                // The steps for this distribution come first where an install answers a finding.
                List<Finding> rulesOnly = List.copyOf(out);
                try {
                    dev.gpudoctor.fix.Remedies remedies = new dev.gpudoctor.fix.Remedies(facts, matrix.get());
                    out.replaceAll(remedies::forFinding);
                } catch (RuntimeException e) {
                    out.clear();
                    out.addAll(rulesOnly);
                    out.add(new Finding(Diagnoser.INCOMPLETE, dev.gpudoctor.diagnosis.Severity.WARNING, "Diagnosis",
                            "Install steps for the findings could not be worked out; the findings keep their advice",
                            String.valueOf(e), List.of(), List.of()));
                    out.sort(Diagnoser.ORDER);
                }
            }
            if (matrixProblem != null) {
                out.add(new Finding(Diagnoser.INCOMPLETE, dev.gpudoctor.diagnosis.Severity.ERROR, "Diagnosis",
                        "The compatibility matrix could not be read: its checks did not run", matrixProblem,
                        List.of(), List.of()));
                out.sort(Diagnoser.ORDER);
            }
            return List.copyOf(out);
        }
    }
}
