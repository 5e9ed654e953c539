package dev.gpudoctor.probe;

import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.MemoizedHost;
import java.time.Duration;
import java.util.List;

/** One examination of a host: every probe, concurrently, under one deadline. */
public final class Examination {

    /** The facts and how each probe went, with the wall time of the whole examination. */
    public record Result(HostFacts facts, List<ProbeRun> runs, double elapsedMs) {
    }

    private Examination() {
    }

    public static Result of(Host host, List<String> extraPythons, Duration deadline) {
        return of(host, extraPythons, List.of(), deadline);
    }

    public static Result of(Host host, List<String> extraPythons, List<Integer> pids, Duration deadline) {
        return of(host, extraPythons, pids, false, deadline);
    }

    public static Result of(Host host, List<String> extraPythons, List<Integer> pids, boolean deep, Duration deadline) {
        long t0 = System.nanoTime();
        ProbeRunner.Outcome o = new ProbeRunner(Probes.all(), deadline)
                .run(new ProbeContext(new MemoizedHost(host), extraPythons, pids, deep, deadline));
        return new Result(Probes.assemble(o.sections()), o.runs(), (System.nanoTime() - t0) / 1e6);
    }
}
