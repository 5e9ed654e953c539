package dev.gpudoctor.probe.natives;

import dev.gpudoctor.fact.section.NativeFacts;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;

/**
 * Asks the driver's own libraries: NVML (no nvidia-smi process, which can hang for minutes on a
 * GPU that fell off the bus) and the CUDA driver API (cuInit says whether CUDA works at all).
 * Each call is bounded: one that hangs is a failed fact.
 */
public final class NativeProbe implements Probe<NativeFacts> {

    static final java.time.Duration DEADLINE = java.time.Duration.ofSeconds(5);

    @Override
    public String name() {
        return "natives";
    }

    @Override
    public NativeFacts probe(ProbeContext ctx) {
        var n = ctx.host().natives();
        // Two calls in a row, each of which may hang: each gets at most 0.3 of the examination's deadline.
        java.time.Duration each = ctx.bounded(DEADLINE, 0.3);
        return new NativeFacts(n.availability(), n.nvml(each), n.cudaDriver(each));
    }
}
