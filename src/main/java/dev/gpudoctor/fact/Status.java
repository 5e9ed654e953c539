package dev.gpudoctor.fact;

import com.fasterxml.jackson.annotation.JsonValue;

/** The three outcomes of reading anything: never a sentinel value standing for "could not read". */
public enum Status {
    FOUND("found"),
    ABSENT("absent"),
    FAILED("failed");

    private final String word;

    Status(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }
}
