package dev.gpudoctor.host;

import java.util.Optional;
import java.util.SortedMap;

/** The environment variables of the examined host (of the process that runs the tool, when live). */
public interface Environment {

    Optional<String> get(String name);

    /** Every variable whose name starts with the prefix, sorted by name. */
    SortedMap<String, String> withPrefix(String prefix);
}
