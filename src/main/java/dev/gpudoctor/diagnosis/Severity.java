package dev.gpudoctor.diagnosis;

import com.fasterxml.jackson.annotation.JsonValue;

/** How bad a finding is. Errors decide the exit code; warnings and infos are reported only. */
public enum Severity {
    ERROR("error"),
    WARNING("warning"),
    INFO("info");

    private final String word;

    Severity(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }
}
