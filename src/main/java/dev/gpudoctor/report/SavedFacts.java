package dev.gpudoctor.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.List;
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

    /**
     * A record's components as the walk needs them. Looked up once per record type: asked for each
     * of 10,000 reports (diagnose of a folder), the reflection and the annotation reads were most of
     * the time a report took to diagnose.
     */
    private record Component(String name, MethodHandle accessor, boolean alwaysWritten) {
    }

    private static final ClassValue<List<Component>> COMPONENTS = new ClassValue<>() {
        @Override
        protected List<Component> computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return List.of();
            }
            MethodType generic = MethodType.methodType(Object.class, Object.class);
            return java.util.Arrays.stream(type.getRecordComponents()).filter(SavedFacts::mayHoldAFact).map(rc -> {
                Method m = rc.getAccessor();
                try {
                    // A record nested privately in another class has a public accessor on a type this class cannot see.
                    m.setAccessible(true);
                    return new Component(rc.getName(), MethodHandles.lookup().unreflect(m).asType(generic), alwaysWritten(rc));
                } catch (IllegalAccessException | RuntimeException e) {
                    throw new IllegalStateException("cannot read " + rc, e);
                }
            }).toList();
        }
    };

    private SavedFacts() {
    }

    /** The path of the first fact that is missing, or list element that is null ("facts.dnn.cudnn"). */
    public static Optional<String> firstMissing(Object facts) {
        return Optional.ofNullable(missing(facts)).map(at -> "facts" + at);
    }

    /**
     * Where below {@code o} the first missing value is (".dnn.cudnn", "[2].via"), or null. The path
     * is put together only on the way back from a hole: a sound report, the usual case, builds no string.
     */
    private static String missing(Object o) {
        if (o instanceof Fact<?> f) {
            return f.value() == null ? null : missing(f.value());
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object e : c) {
                String m = e == null ? "" : missing(e);
                if (m != null) {
                    return "[" + i + "]" + m;
                }
                i++;
            }
            return null;
        }
        if (o instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String m = e.getValue() == null ? "" : missing(e.getValue());
                if (m != null) {
                    return "." + e.getKey() + m;
                }
            }
            return null;
        }
        if (!(o instanceof Record)) {
            return null;
        }
        for (Component c : COMPONENTS.get(o.getClass())) {
            Object v = value(c, o);
            String m = v == null ? (c.alwaysWritten() ? "" : null) : missing(v);
            if (m != null) {
                return "." + c.name() + m;
            }
        }
        return null;
    }

    /**
     * Whether a component can be missing or hold something that can: a number, a string, a version
     * or any other final class that is not a record holds no fact, and is not read at all.
     */
    private static boolean mayHoldAFact(RecordComponent rc) {
        Class<?> t = rc.getType();
        if (t.isPrimitive() || t.isEnum()) {
            return false;
        }
        return t.isRecord() || Collection.class.isAssignableFrom(t) || Map.class.isAssignableFrom(t)
                || !java.lang.reflect.Modifier.isFinal(t.getModifiers());
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

    private static Object value(Component c, Object record) {
        try {
            return c.accessor().invokeExact(record);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("cannot read " + c.name() + " of " + record.getClass().getName(), e);
        }
    }
}
