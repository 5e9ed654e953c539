package dev.gpudoctor.fix;

import dev.gpudoctor.diagnosis.Fix;
import java.util.List;

/** A plan as a person reads it: each action with what it answers, its commands and what it costs. */
public final class PlanText {

    private PlanText() {
    }

    public static String render(Plan plan) {
        StringBuilder s = new StringBuilder();
        if (plan.actions().isEmpty() && plan.advice().isEmpty()) {
            return "Nothing to do: no finding has a fix.\n";
        }
        s.append("Plan (").append(plan.goal()).append("): ").append(plan.actions().size()).append(" action(s), ")
                .append(plan.stepCount()).append(" step(s)")
                .append(plan.needsRoot() ? "; needs root" : "")
                .append(plan.needsReboot() ? "; needs a reboot" : "").append("\n");
        if (!plan.why().isEmpty()) {
            s.append("\nWhy:\n");
            plan.why().forEach(w -> s.append(" - ").append(w).append("\n"));
        }
        int n = 0;
        for (Plan.Item item : plan.actions()) {
            n++;
            Fix f = item.fix();
            s.append("\n").append(n).append(". ").append(f.summary()).append("  [").append(costs(f)).append("]\n");
            item.answers().forEach(a -> s.append("   for: ").append(a).append("\n"));
            for (Fix.FileWrite w : f.writes()) {
                s.append("   write ").append(w.path()).append(":\n");
                w.content().lines().forEach(l -> s.append("   | ").append(l).append("\n"));
            }
            f.steps().forEach(argv -> s.append("   $ ").append(shown(argv)).append("\n"));
            if (f.documentation() != null) {
                s.append("   docs: ").append(f.documentation()).append("\n");
            }
            alternatives(s, item.alternatives());
        }
        if (!plan.advice().isEmpty()) {
            s.append("\nAdvice (no command can do these for you):\n");
            for (Plan.Item item : plan.advice()) {
                s.append(" - ").append(item.fix().summary()).append("\n");
                item.answers().forEach(a -> s.append("   for: ").append(a).append("\n"));
                if (item.fix().documentation() != null) {
                    s.append("   docs: ").append(item.fix().documentation()).append("\n");
                }
                alternatives(s, item.alternatives());
            }
        }
        return s.toString();
    }

    private static void alternatives(StringBuilder s, List<Fix> alternatives) {
        for (Fix alt : alternatives) {
            // Rules write alternatives as "Or, ..." for the report, where they follow the first fix.
            s.append("   or: ").append(alt.summary().replaceFirst("^Or,? ", ""));
            if (!alt.steps().isEmpty()) {
                s.append(" (").append(String.join("; ", alt.steps().stream().map(PlanText::shown).toList())).append(")");
            }
            s.append("\n");
        }
    }

    static String costs(Fix f) {
        return (f.needsRoot() ? "root, " : "") + f.risk().word() + (f.needsReboot() ? ", reboot" : "");
    }

    /** An argv for reading (see {@link Fix#display(List)}). */
    public static String shown(List<String> argv) {
        return Fix.display(argv);
    }
}
