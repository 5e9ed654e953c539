package dev.gpudoctor.probe.natives;

import dev.gpudoctor.fact.section.NativeFacts;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;

/** Records whether native calls are possible on this host, so a replay knows what the capture could do. */
public final class NativeProbe implements Probe<NativeFacts> {

    @Override
    public String name() {
        return "natives";
    }

    @Override
    public NativeFacts probe(ProbeContext ctx) {
        return new NativeFacts(ctx.host().natives().availability());
    }
}
