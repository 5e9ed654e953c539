package dev.gpudoctor.validate;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.section.AreaLine.Health;
import dev.gpudoctor.report.TextRenderer;

/**
 * validate's text output: one line per step with a glyph, its time and summary; with -v the library
 * copies, checks and native calls behind each; then the findings as check prints them.
 */
public final class ValidationText {


    private final boolean verbose;
    private final boolean colour;

    public ValidationText(boolean verbose, boolean colour) {
        this.verbose = verbose;
        this.colour = colour;
    }

    public String render(ValidationReport r) {
        Ladder l = r.validation();
        StringBuilder b = new StringBuilder();
        b.append(r.tool().name()).append(' ').append(r.tool().version()).append(" - validate ").append(r.host().description());
        if (l.gpu() != null) {
            b.append(", GPU ").append(l.gpu().ordinal()).append(": ").append(l.gpu().name()).append(" (compute capability ")
                    .append(l.gpu().computeCapability()).append(l.gpu().driverCuda() == null ? "" : ", driver CUDA "
                            + l.gpu().driverCuda()).append(')');
        }
        b.append(" (").append(Math.round(r.elapsedMs())).append(" ms)\n\n");
        int width = l.steps().stream().mapToInt(s -> s.title().length()).max().orElse(10);
        for (StepResult s : l.steps()) {
            b.append(glyph(s.result())).append(' ').append(s.number()).append(' ')
                    .append(String.format("%-" + width + "s", s.title())).append("  ").append(s.summary())
                    .append(s.elapsedMs() == null ? "" : "  (" + ms(s.elapsedMs()) + ")").append('\n');
            if (verbose) {
                details(b, s);
                if (s.step() == Step.TENSORRT_ENGINE && l.engine() != null) {
                    engine(b, l.engine());
                }
            }
        }
        new TextRenderer(verbose, colour).findings(r.findings(), false, b);
        b.append('\n');
        if (l.failedStep() != null && l.failedStep() == Step.TENSORRT_ENGINE.number() && l.engine() != null
                && l.engine().plan() != null) {
            b.append("Step 7: ").append(l.brokenLayer()).append(" does not load or run correctly; the findings say why.");
        } else if (l.failedStep() != null) {
            b.append("Step ").append(l.failedStep()).append(" failed: ").append(l.brokenLayer()).append(" is broken")
                    .append(l.steps().stream().anyMatch(s -> s.result() == Outcome.NOT_RUN) ? "; the steps above it were not "
                            + "run." : ".");
        } else {
            b.append("All steps that could run passed.");
        }
        if (l.gpuStepsMs() != null && l.steps().stream().noneMatch(s -> s.number() <= Step.CUDNN.number()
                && s.result() == Outcome.NOT_RUN)) {
            b.append(" GPU steps 1-5: ").append(ms(l.gpuStepsMs())).append('.');
        }
        if (!verbose) {
            b.append(" Run with -v for the copies, checks and calls behind each step.");
        }
        b.append('\n');
        return b.toString();
    }

    private static void details(StringBuilder b, StepResult s) {
        for (LibraryUse u : s.libraries()) {
            b.append("      ").append(u.role()).append(": ").append(u.path()).append(u.version() == null ? "" : " (" + u.version()
                    + ")").append(", ").append(u.foundBy()).append('\n');
            for (String m : u.mapped()) {
                b.append("          mapped ").append(m).append('\n');
            }
        }
        for (Check c : s.checks()) {
            b.append("      check ").append(c.result().word()).append(": ").append(c.name());
            if (c.maxAbsError() != null) {
                b.append(", max abs error ").append(ValidationFindings.sci(c.maxAbsError())).append(", max rel error ")
                        .append(ValidationFindings.sci(c.maxRelError())).append(" (tolerance ")
                        .append(ValidationFindings.sci(c.tolerance())).append(')');
            }
            if (c.gflops() != null) {
                b.append(", ").append(c.gflops()).append(" GFLOP/s");
            }
            if (c.detail() != null) {
                b.append("; ").append(c.detail());
            }
            if (c.error() != null) {
                b.append("; ").append(c.error().describe());
            }
            b.append('\n');
        }
        if (s.error() != null && s.error().message() != null && s.error().message().contains("\n")) {
            for (String line : s.error().message().strip().split("\n")) {
                b.append("      | ").append(line).append('\n');
            }
        }
        for (Evidence e : s.evidence()) {
            b.append("      - ").append(e).append('\n');
        }
        if (s.deadlineMs() != null && s.result() != Outcome.NOT_RUN) {
            b.append("      deadline ").append(LadderRunner.seconds(s.deadlineMs())).append('\n');
        }
    }

    /** Step 7's plan check, and where its plans were left. */
    private static void engine(StringBuilder b, EngineReport e) {
        if (e.workDir() != null && "build".equals(e.mode())) {
            b.append("      plans, sidecars and models ").append(Boolean.TRUE.equals(e.kept()) ? "kept in " : "written to (and "
                    + "deleted with) ").append(e.workDir()).append('\n');
        }
        EngineReport.PlanReport p = e.plan();
        if (p == null) {
            return;
        }
        b.append("      plan ").append(p.path()).append(": ").append(p.verdict()).append('\n');
        if (p.header() != null) {
            b.append("        header: ").append(p.header().detail()).append('\n');
        }
        if (p.sidecarNote() != null) {
            b.append("        ").append(p.sidecarNote()).append('\n');
        }
        p.reasons().forEach(r -> b.append("        - ").append(r).append('\n'));
        p.matches().forEach(m -> b.append("        + ").append(m).append('\n'));
    }

    private static String ms(double ms) {
        return ms >= 1000 ? String.format(java.util.Locale.ROOT, "%.2f s", ms / 1000) : Math.round(ms) + " ms";
    }

    private String glyph(Outcome o) {
        return TextRenderer.glyph(switch (o) {
            case PASSED -> Health.OK;
            case FAILED, CRASHED, TIMED_OUT -> Health.PROBLEM;
            case NOT_INSTALLED, NOT_RUN -> Health.INFO;
        }, colour);
    }
}
