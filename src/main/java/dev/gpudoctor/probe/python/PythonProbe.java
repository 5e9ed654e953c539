package dev.gpudoctor.probe.python;

import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;

/** Python environments and the GPU frameworks in them, read from files without importing anything. */
public final class PythonProbe implements Probe<PythonFacts> {

    @Override
    public String name() {
        return "python";
    }

    @Override
    public PythonFacts probe(ProbeContext ctx) {
        return new PythonFacts(PythonEnvironments.find(ctx));
    }
}
