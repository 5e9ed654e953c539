package dev.gpudoctor.validate;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Evidence;
import java.util.List;

/**
 * validate's text output: one line per step with a glyph, its time and summary; with -v the library
 * copies, checks and native calls behind each; then the findings as check prints them.
 */
public final class ValidationText {

    private static final String RESET = "\u001b[0m";

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
        if (!r.findings().isEmpty()) {
            b.append("\nFindings:\n");
            for (Finding x : r.findings()) {
                b.append(glyph(x.severity())).append(' ').append(x.title()).append("  (").append(x.code()).append(")\n");
                if (verbose) {
                    b.append("      ").append(x.explanation()).append('\n');
                    x.evidence().forEach(e -> b.append("      - ").append(e.replace("\n", "\n        ")).append('\n'));
                }
                for (Fix fix : x.fixes()) {
                    b.append("      fix: ").append(fix.summary()).append('\n');
                    for (List<String> step : fix.steps()) {
                        b.append("        $ ").append(fix.needsRoot() ? "sudo " : "").append(Fix.display(step)).append('\n');
                    }
                    if (verbose && fix.documentation() != null) {
                        b.append("        see ").append(fix.documentation()).append('\n');
                    }
                }
            }
        }
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
        String g = switch (o) {
            case PASSED -> "[\u2713]";
            case FAILED, CRASHED, TIMED_OUT -> "[\u2717]";
            case NOT_INSTALLED, NOT_RUN -> "[\u00b7]";
        };
        if (!colour) {
            return g;
        }
        String c = switch (o) {
            case PASSED -> "\u001b[32m";
            case FAILED, CRASHED, TIMED_OUT -> "\u001b[31m";
            case NOT_INSTALLED, NOT_RUN -> "\u001b[2m";
        };
        return c + g + RESET;
    }

    private String glyph(Severity s) {
        String g = switch (s) {
            case ERROR -> "[\u2717]";
            case WARNING -> "[!]";
            case INFO -> "[\u00b7]";
        };
        if (!colour) {
            return g;
        }
        String c = switch (s) {
            case ERROR -> "\u001b[31m";
            case WARNING -> "\u001b[33m";
            case INFO -> "\u001b[2m";
        };
        return c + g + RESET;
    }
}
