package dev.gpudoctor.fact.section;

import java.util.List;

/**
 * One line of the doctor-style summary: an area, how it looks, a headline and detail lines that
 * {@code -v} shows (each a fact with where it came from).
 */
public record AreaLine(String area, Health health, String headline, List<String> details) {

    public enum Health {
        OK,
        WARNING,
        PROBLEM,
        INFO
    }

    public AreaLine {
        details = List.copyOf(details);
    }

    public static AreaLine ok(String area, String headline, List<String> details) {
        return new AreaLine(area, Health.OK, headline, details);
    }

    public static AreaLine warning(String area, String headline, List<String> details) {
        return new AreaLine(area, Health.WARNING, headline, details);
    }

    public static AreaLine problem(String area, String headline, List<String> details) {
        return new AreaLine(area, Health.PROBLEM, headline, details);
    }

    public static AreaLine info(String area, String headline, List<String> details) {
        return new AreaLine(area, Health.INFO, headline, details);
    }
}
