package dev.gpudoctor.validate;

import java.io.PrintWriter;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The running step on one terminal line of stderr, redrawn ten times a second: which step, which
 * native call it is in, for how long ("[4/6] cuBLAS GEMM  cublasSgemm_v2  1.3 s"). Loading cuBLAS or
 * cuDNN from a cold disk takes seconds, and a person should see what it waits on. Off when stderr
 * output is not for a person; the line is erased when the step ends, the report says the rest.
 */
final class Progress implements LadderRunner.Listener, AutoCloseable {

    private final PrintWriter err;
    private final ScheduledExecutorService ticker;
    private volatile Step step;
    private volatile String call = "";
    private volatile long since;
    private ScheduledFuture<?> tick;

    /** @param err where to draw, or null for no display */
    Progress(PrintWriter err) {
        this.err = err;
        this.ticker = err == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gpu-doctor-validate-progress");
            t.setDaemon(true);
            return t;
        });
        if (ticker != null) {
            tick = ticker.scheduleAtFixedRate(this::draw, 100, 100, TimeUnit.MILLISECONDS);
        }
    }

    /** Before the ladder: finding library copies, starting the process. */
    void preparing(String what) {
        call = what;
        since = System.nanoTime();
    }

    @Override
    public void started(Step s) {
        step = s;
        call = "";
        since = System.nanoTime();
    }

    @Override
    public void calling(Step s, String c) {
        call = c;
    }

    @Override
    public void finished(StepResult result) {
        step = null;
        call = "";
        clear();
    }

    /** The line as drawn (for tests), or null when there is nothing to show. */
    String line() {
        Step s = step;
        String c = call;
        if (s == null && c.isEmpty()) {
            return null;
        }
        double secs = (System.nanoTime() - since) / 1e9;
        String head = s == null ? "[validate]" : "[" + s.number() + "/" + Step.values().length + "] " + s.title();
        String shown = c.length() > 60 ? "..." + c.substring(c.length() - 57) : c;
        return head + (shown.isEmpty() ? "" : "  " + shown) + String.format(java.util.Locale.ROOT, "  %.1f s", secs);
    }

    private synchronized void draw() {
        String l = line();
        if (err != null && l != null) {
            err.print("\r\u001b[K" + l);
            err.flush();
        }
    }

    private synchronized void clear() {
        if (err != null) {
            err.print("\r\u001b[K");
            err.flush();
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            tick.cancel(false);
            ticker.shutdownNow();
            clear();
        }
    }
}
