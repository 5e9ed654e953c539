package dev.gpudoctor.diagnosis;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One diagnosis: a stable code that scripts and documentation can rely on, how bad it is, the
 * area of the report it belongs to, what it means, the facts it stands on and what to do.
 *
 * @param code        stable identifier, e.g. "driver.library-mismatch" (listed in docs/findings.md)
 * @param area        the report area it belongs to ("Driver", "Kernel module", ...)
 * @param evidence    the facts it was drawn from, each with where it was read
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Finding(String code, Severity severity, String area, String title, String explanation,
                      List<String> evidence, List<Fix> fixes) {

    public Finding {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
        fixes = fixes == null ? List.of() : List.copyOf(fixes);
    }
}
