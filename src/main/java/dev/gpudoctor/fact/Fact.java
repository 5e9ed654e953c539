package dev.gpudoctor.fact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One thing read from a host: found with a value, absent with why, or failed with why; always with
 * the evidence it stands on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Fact<T>(
        Status status,
        // NON_NULL, not NON_EMPTY: a found empty list ("no device node") must keep its value.
        T value,
        String why,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Evidence> evidence) {

    public Fact {
        Objects.requireNonNull(status, "status");
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        if (status == Status.FOUND && value == null) {
            throw new IllegalArgumentException("a found fact needs a value");
        }
        if (status != Status.FOUND && value != null) {
            throw new IllegalArgumentException("only a found fact has a value");
        }
    }

    public static <T> Fact<T> found(T value, Evidence... evidence) {
        return new Fact<>(Status.FOUND, value, null, List.of(evidence));
    }

    public static <T> Fact<T> found(T value, List<Evidence> evidence) {
        return new Fact<>(Status.FOUND, value, null, evidence);
    }

    public static <T> Fact<T> absent(String why, Evidence... evidence) {
        return new Fact<>(Status.ABSENT, null, why, List.of(evidence));
    }

    public static <T> Fact<T> absent(String why, List<Evidence> evidence) {
        return new Fact<>(Status.ABSENT, null, why, evidence);
    }

    public static <T> Fact<T> failed(String why, Evidence... evidence) {
        return new Fact<>(Status.FAILED, null, why, List.of(evidence));
    }

    public static <T> Fact<T> failed(String why, List<Evidence> evidence) {
        return new Fact<>(Status.FAILED, null, why, evidence);
    }

    @JsonIgnore
    public boolean isFound() {
        return status == Status.FOUND;
    }

    @JsonIgnore
    public Optional<T> get() {
        return Optional.ofNullable(value);
    }

    /** The same outcome and evidence, with the value transformed (only found facts have one). */
    public <R> Fact<R> map(Function<? super T, ? extends R> f) {
        if (status != Status.FOUND) {
            return new Fact<>(status, null, why, evidence);
        }
        return new Fact<>(status, f.apply(value), null, evidence);
    }

    /** Parses a found value; a parser that says "no" turns the fact into a failed one, same evidence. */
    public <R> Fact<R> flatMap(Function<? super T, Fact<R>> f) {
        if (status != Status.FOUND) {
            return new Fact<>(status, null, why, evidence);
        }
        Fact<R> inner = f.apply(value);
        List<Evidence> all = new ArrayList<>(evidence);
        all.addAll(inner.evidence());
        return new Fact<>(inner.status(), inner.value(), inner.why(), all);
    }

    /** The same outcome with the value dropped, for facts whose absence carries the information. */
    public <R> Fact<R> withoutValue(String why) {
        return new Fact<>(status == Status.FOUND ? Status.ABSENT : status, null, why, evidence);
    }

    public T orElse(T other) {
        return value != null ? value : other;
    }

    /** A short human phrase: the value, or "absent: why" / "failed: why". */
    public String describe(Function<? super T, String> show) {
        return switch (status) {
            case FOUND -> show.apply(value);
            case ABSENT -> "absent: " + why;
            case FAILED -> "failed: " + why;
        };
    }
}
