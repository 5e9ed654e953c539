package dev.gpudoctor.probe;

import dev.gpudoctor.fact.section.Section;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs probes concurrently under one deadline. A probe that throws or outlives the deadline costs
 * only its own section: the run records why, and the report stands on the rest.
 */
public final class ProbeRunner {

    /** What a run gives: the sections by probe name, and how each probe went. */
    public record Outcome(Map<String, Section> sections, List<ProbeRun> runs) {
    }

    private final List<Probe<?>> probes;
    private final Duration deadline;

    public ProbeRunner(List<Probe<?>> probes, Duration deadline) {
        this.probes = List.copyOf(probes);
        this.deadline = deadline;
    }

    public Outcome run(ProbeContext ctx) {
        // Daemon threads: a probe stuck in a read that cannot be interrupted must not keep the JVM alive.
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, probes.size()), r -> {
            Thread t = new Thread(r, "probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Probe<?>, Future<Timed>> futures = new LinkedHashMap<>();
            for (Probe<?> p : probes) {
                futures.put(p, pool.submit(() -> {
                    long t0 = System.nanoTime();
                    Section s = ctx.section(p);
                    return new Timed(s, (System.nanoTime() - t0) / 1e6);
                }));
            }
            long end = System.nanoTime() + deadline.toNanos();
            Map<String, Section> sections = new LinkedHashMap<>();
            List<ProbeRun> runs = new ArrayList<>();
            for (var e : futures.entrySet()) {
                String name = e.getKey().name();
                long left = Math.max(0, end - System.nanoTime());
                try {
                    Timed t = e.getValue().get(left, TimeUnit.NANOSECONDS);
                    if (t.section == null) {
                        runs.add(new ProbeRun(name, ProbeRun.Outcome.CRASHED, t.ms, "the probe returned nothing"));
                    } else {
                        sections.put(name, t.section);
                        runs.add(new ProbeRun(name, ProbeRun.Outcome.COMPLETED, t.ms, null));
                    }
                } catch (TimeoutException ex) {
                    e.getValue().cancel(true);
                    runs.add(new ProbeRun(name, ProbeRun.Outcome.TIMED_OUT, deadline.toMillis(),
                            "did not finish within the " + deadline.toMillis() + " ms deadline"));
                } catch (ExecutionException ex) {
                    Throwable c = ex.getCause();
                    runs.add(new ProbeRun(name, ProbeRun.Outcome.CRASHED, 0,
                            c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage())));
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    runs.add(new ProbeRun(name, ProbeRun.Outcome.TIMED_OUT, 0, "interrupted"));
                }
            }
            return new Outcome(sections, runs);
        } finally {
            pool.shutdownNow();
        }
    }

    private record Timed(Section section, double ms) {
    }
}
