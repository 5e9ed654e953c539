package dev.gpudoctor.matrix;

import java.util.Map;

/**
 * What one matrix file holds, for {@code matrix validate} and {@code matrix show}.
 *
 * @param sections    the other lists of the file and their sizes (minorVersionCompatibility: 3, ...)
 * @param unconfirmed items marked {@code confirmed: false}, in entries and sections
 */
public record FileSummary(String file, Subject subject, int entries, Map<String, Integer> sections, int unconfirmed) {
}
