package dev.gpudoctor.diagnosis;

import dev.gpudoctor.fact.HostFacts;
import java.util.List;

/**
 * One diagnosis over the facts. A rule never reads the host: it sees only facts, so a saved
 * report or a bundle is diagnosed exactly like a live host.
 */
public interface Rule {

    /** The codes this rule can raise, for the catalogue and its test. */
    List<String> codes();

    List<Finding> check(HostFacts facts);
}
