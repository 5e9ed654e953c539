package dev.gpudoctor.probe;

import dev.gpudoctor.fact.section.Section;

/** Reads one area of a host through the host's ports only, and never throws for bad input. */
public interface Probe<S extends Section> {

    /** Stable short name ("kernel", "cuda"), used in probe runs and in the JSON report. */
    String name();

    S probe(ProbeContext ctx);
}
