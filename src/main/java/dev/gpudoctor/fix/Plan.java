package dev.gpudoctor.fix;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What to do about a set of findings, in order: the fixes that commands can carry out (each with
 * the findings it answers) and the advice no command can follow for the user. Each finding
 * contributes its first fix with steps; its other fixes are kept as alternatives for the reader.
 * The same fix proposed by two findings (one reboot for two driver findings) appears once.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Plan(String goal, List<String> why, List<Item> actions, List<Item> advice) {

    /** A fix and the findings (by code and title) it answers. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Item(Fix fix, List<String> answers, List<Fix> alternatives) {
        public Item {
            answers = List.copyOf(answers);
            alternatives = alternatives == null ? List.of() : List.copyOf(alternatives);
        }

        Item answering(String more) {
            List<String> a = new ArrayList<>(answers);
            if (!a.contains(more)) {
                a.add(more);
            }
            return new Item(fix, a, alternatives);
        }
    }

    public Plan {
        why = List.copyOf(why);
        actions = List.copyOf(actions);
        advice = List.copyOf(advice);
    }

    /** The plan for the findings of a check, in the order the report lists them (worst first). */
    public static Plan forFindings(List<Finding> findings) {
        Map<Fix, Item> actions = new LinkedHashMap<>();
        Map<Fix, Item> advice = new LinkedHashMap<>();
        for (Finding f : findings) {
            if (f.fixes().isEmpty()) {
                continue;
            }
            String who = f.title() + " (" + f.code() + ")";
            Fix primary = f.fixes().stream().filter(Fix::isRunnable).findFirst().orElse(f.fixes().get(0));
            List<Fix> others = f.fixes().stream().filter(x -> x != primary).toList();
            Map<Fix, Item> into = primary.isRunnable() ? actions : advice;
            into.merge(primary, new Item(primary, List.of(who), others), (old, x) -> old.answering(who));
        }
        return new Plan("answer the findings of this check", List.of(), List.copyOf(actions.values()), List.copyOf(advice.values()));
    }

    /** A plan with a goal of its own (plan --target): why it chose what it chose, and its actions in order. */
    public static Plan of(String goal, List<String> why, List<Item> actions, List<Item> advice) {
        return new Plan(goal, why, actions, advice);
    }

    /** Files to write and commands to run, together. */
    public int stepCount() {
        return actions.stream().mapToInt(i -> i.fix().writes().size() + i.fix().steps().size()).sum();
    }

    public boolean needsRoot() {
        return actions.stream().anyMatch(i -> i.fix().needsRoot());
    }

    public boolean needsReboot() {
        return actions.stream().anyMatch(i -> i.fix().needsReboot());
    }
}
