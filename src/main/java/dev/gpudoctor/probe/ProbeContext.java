package dev.gpudoctor.probe;

import dev.gpudoctor.host.Host;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * What a probe gets: the host, the options of this run, and lookups that several probes share
 * (the ld.so cache, the Python environments), computed once per run whichever probe asks first.
 */
public final class ProbeContext {

    private final Host host;
    private final List<String> extraPythons;
    private final ConcurrentHashMap<String, FutureTask<?>> shared = new ConcurrentHashMap<>();

    private final List<Integer> pids;
    private final boolean deep;
    private final java.time.Duration budget;

    /**
     * @param budget the whole examination's deadline: a probe's own waits (a hung nvidia-smi, an NVML
     *               call that never returns) end well inside it, so that they become facts ("timed
     *               out") instead of the probe being cut off with nothing said
     */
    public ProbeContext(Host host, List<String> extraPythons, List<Integer> pids, boolean deep, java.time.Duration budget) {
        this.host = host;
        this.extraPythons = List.copyOf(extraPythons);
        this.pids = List.copyOf(pids);
        this.deep = deep;
        this.budget = budget;
        this.started = System.nanoTime();
    }

    private final long started;

    public ProbeContext(Host host, List<String> extraPythons, List<Integer> pids, boolean deep) {
        this(host, extraPythons, pids, deep, java.time.Duration.ofHours(1));
    }

    /**
     * A wait of {@code own} at most, and at most {@code share} of the examination's deadline (0.6:
     * one wait; 0.3: one of two waits in a row), never below 100 ms.
     */
    public java.time.Duration bounded(java.time.Duration own, double share) {
        long elapsed = (System.nanoTime() - started) / 1_000_000;
        // What is left of the deadline, less a margin for the probe to turn the answer into facts:
        // on a loaded machine the work before the wait may already have used part of the share.
        long left = budget.toMillis() - elapsed - 300;
        long cap = Math.max(100, Math.min(Math.round(budget.toMillis() * share), left));
        return java.time.Duration.ofMillis(Math.min(own.toMillis(), cap));
    }

    public ProbeContext(Host host, List<String> extraPythons, List<Integer> pids) {
        this(host, extraPythons, pids, false);
    }

    public ProbeContext(Host host, List<String> extraPythons) {
        this(host, extraPythons, List.of());
    }

    public ProbeContext(Host host) {
        this(host, List.of());
    }

    public Host host() {
        return host;
    }

    /** Running processes named with {@code --pid}, whose mapped libraries are the live truth. */
    public List<Integer> pids() {
        return pids;
    }

    /** Whether {@code --deep} asked to import the frameworks in their interpreters. */
    public boolean deep() {
        return deep;
    }

    /** Interpreters named with {@code --python}. */
    public List<String> extraPythons() {
        return extraPythons;
    }

    /**
     * The value of a shared lookup, computed once: concurrent callers wait for the first one
     * rather than repeating the work.
     */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> compute) {
        FutureTask<T> mine = new FutureTask<>(compute::get);
        FutureTask<T> task = (FutureTask<T>) shared.putIfAbsent(key, mine);
        if (task == null) {
            task = mine;
            task.run();
        }
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + key, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * A probe's section, computed once per run whoever asks first: the runner, or a probe that
     * builds on another's facts (the library copies use the linker's resolutions).
     */
    public <S extends dev.gpudoctor.fact.section.Section> S section(Probe<S> probe) {
        return shared("section:" + probe.name(), () -> probe.probe(this));
    }

    public Optional<String> env(String name) {
        return host.environment().get(name);
    }
}
