package dev.gpudoctor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A known-good host's stack, saved (baseline save) and compared on other hosts (check --baseline):
 * each key that differs (another driver, cuDNN copy, GPU count, copy a framework loads) is a drift
 * finding, so a fleet can be held to the stack that worked.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Baseline(String format, int formatVersion, String host, String savedAt, Map<String, String> stack) {

    public static final String FORMAT = "gpu-doctor-baseline";
    public static final String DRIFT = "baseline.drift";

    public Baseline {
        stack = stack == null ? Map.of() : new TreeMap<>(stack);
    }

    public static Baseline of(Report r) {
        return new Baseline(FORMAT, 1, r.host().description(), r.generatedAt(), ReportDiff.stack(r.facts()));
    }

    /** One warning per key that differs from the baseline (a key missing on either side included). */
    public List<Finding> drift(HostFacts f, String baselineFile) {
        Map<String, String> now = ReportDiff.stack(f);
        TreeSet<String> keys = new TreeSet<>(stack.keySet());
        keys.addAll(now.keySet());
        List<Finding> out = new ArrayList<>();
        for (String k : keys) {
            String was = stack.get(k);
            String is = now.get(k);
            if (was == null ? is == null : was.equals(is)) {
                continue;
            }
            out.add(new Finding(DRIFT, Severity.WARNING, "Baseline",
                    k + ": " + (is == null ? "(none)" : is) + ", the baseline has " + (was == null ? "(none)" : was),
                    "This host differs from the known-good stack saved in " + baselineFile + " (from " + host + ", " + savedAt + ").",
                    List.of("here: " + k + " = " + (is == null ? "(none)" : is), "baseline: " + k + " = " + (was == null ? "(none)" : was)),
                    List.of(Fix.advice("Bring this host to the baseline's stack, or save a new baseline if the change is wanted "
                            + "(gpu-doctor baseline save FILE).", null))));
        }
        return out;
    }
}
