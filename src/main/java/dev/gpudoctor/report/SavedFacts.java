package dev.gpudoctor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What facts read back from a saved report must hold before rules and renderers see them. The
 * probes set every fact of every section (found, absent or failed, never none), and the rules and
 * renderers rely on it, and on every list and map the writer writes; JSON edited by hand, cut short
 * or crafted can leave one out, or put a null into a list, and a renderer's NullPointerException
 * was all the user saw (SavedReportFuzzTest). The fields that identify a record (an evidence's via,
 * a dependency's soname) are required by the records' own constructors.
 * Walked by reflection over the records, so that a fact added to a section is covered too.
 */
public final class SavedFacts {

    private SavedFacts() {
    }

    /** The path of the first fact that is missing, or list element that is null ("facts.dnn.cudnn"). */
    public static Optional<String> firstMissing(Object facts) {
        return missing(facts, "facts");
    }

    private static Optional<String> missing(Object o, String path) {
        if (o instanceof Fact<?> f) {
            return f.value() == null ? Optional.empty() : missing(f.value(), path);
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                String at = path + "[" + i++ + "]";
                Optional<String> m = e == null ? Optional.of(at) : missing(e, at);
                if (m.isPresent()) {
                    return m;
                }
            }
            return Optional.empty();
        }
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String at = path + "." + e.getKey();
                Optional<String> m = e.getValue() == null ? Optional.of(at) : missing(e.getValue(), at);
                if (m.isPresent()) {
                    return m;
                }
            }
            return Optional.empty();
        }
        if (o == null || !o.getClass().isRecord()) {
            return Optional.empty();
        }
        for (RecordComponent rc : o.getClass().getRecordComponents()) {
            Object v = value(rc, o);
            String at = path + "." + rc.getName();
            Optional<String> m = v == null ? (alwaysWritten(rc) ? Optional.of(at) : Optional.empty()) : missing(v, at);
            if (m.isPresent()) {
                return m;
            }
        }
        return Optional.empty();
    }

    /**
     * Facts always; lists and maps too, since reports are written with null values left out but
     * empty ones kept, unless the component leaves out empty ones as well (NON_EMPTY).
     */
    private static boolean alwaysWritten(RecordComponent rc) {
        if (Fact.class.isAssignableFrom(rc.getType())) {
            return true;
        }
        if (!Collection.class.isAssignableFrom(rc.getType()) && !Map.class.isAssignableFrom(rc.getType())) {
            return false;
        }
        for (JsonInclude in : new JsonInclude[] {rc.getAnnotation(JsonInclude.class),
            rc.getAccessor().getAnnotation(JsonInclude.class), rc.getDeclaringRecord().getAnnotation(JsonInclude.class)}) {
            if (in != null && (in.value() == JsonInclude.Include.NON_EMPTY || in.value() == JsonInclude.Include.NON_DEFAULT)) {
                return false;
            }
        }
        return true;
    }

    private static Object value(RecordComponent rc, Object record) {
        try {
            rc.getAccessor().setAccessible(true);
            return rc.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + rc, e);
        }
    }
}
