package dev.gpudoctor.diagnosis;

import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.probe.ProbeRun;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs every rule over the facts. A rule that throws becomes a finding that says so, and the other
 * findings stand (a broken check must not hide the rest of the diagnosis).
 */
public final class Diagnoser {

    public static final String INCOMPLETE = "check.incomplete";

    /** Errors first, then warnings, then information; by code within each. */
    public static final Comparator<Finding> ORDER = Comparator.comparing(Finding::severity).thenComparing(Finding::code);

    private final List<Rule> rules;

    public Diagnoser(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public List<Finding> diagnose(HostFacts facts, List<ProbeRun> runs) {
        List<Finding> out = new ArrayList<>();
        for (ProbeRun r : runs) {
            if (r.outcome() != ProbeRun.Outcome.COMPLETED) {
                out.add(new Finding(INCOMPLETE, Severity.ERROR, "Probe " + r.probe(),
                        "The " + r.probe() + " probe did not complete",
                        "Its part of the report is missing, so problems there cannot be ruled out: " + r.why() + ".",
                        List.of("probe " + r.probe() + ": " + r.outcome().word() + " after " + Math.round(r.elapsedMs()) + " ms"),
                        List.of(Fix.advice("Run again with a longer --timeout, or with -x and report the problem.",
                                null))));
            }
        }
        for (Rule rule : rules) {
            try {
                out.addAll(rule.check(facts));
            } catch (RuntimeException e) {
                out.add(new Finding(INCOMPLETE, Severity.ERROR, "Diagnosis",
                        "A check did not complete (" + String.join(", ", rule.codes()) + ")",
                        "The check threw " + e.getClass().getSimpleName()
                                + (e.getMessage() == null ? "" : ": " + e.getMessage()) + "; the other findings stand.",
                        List.of(), List.of(Fix.advice("Report this with the output of -x.", null))));
            }
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }
}
