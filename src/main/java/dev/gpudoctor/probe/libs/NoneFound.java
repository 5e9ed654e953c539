package dev.gpudoctor.probe.libs;

import dev.gpudoctor.fact.Fact;
import java.util.List;

/**
 * "Looked everywhere, found none" is an absent fact with why, not a found empty list: the report
 * JSON leaves empty values out, and a found fact without a value cannot be read back.
 */
public final class NoneFound {

    private NoneFound() {
    }

    public static <T> Fact<List<T>> asAbsent(Fact<List<T>> f, String why) {
        return f.isFound() && f.value().isEmpty() ? f.withoutValue(why) : f;
    }
}
