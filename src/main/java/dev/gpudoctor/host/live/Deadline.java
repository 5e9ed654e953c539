package dev.gpudoctor.host.live;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a sequence of native calls on its own daemon thread and waits at most the deadline. A native
 * call cannot be interrupted: one stuck in the kernel (a GPU that fell off the bus) keeps its thread
 * forever, so the thread is a daemon that never holds the JVM open, and the caller gets a failed fact
 * naming the call that was in progress.
 */
final class Deadline {

    /** The call in progress, set by the worker before each call so that a timeout can name it. */
    static final class Progress {
        private volatile String call = "starting";

        void at(String call) {
            this.call = call;
        }

        String call() {
            return call;
        }
    }

    interface Work<T> {
        Fact<T> run(Progress progress);
    }

    private Deadline() {
    }

    /**
     * @param who what answers, for messages ("NVML", "the CUDA driver API")
     */
    static <T> Fact<T> run(String who, Duration deadline, Work<T> work) {
        Progress progress = new Progress();
        CompletableFuture<Fact<T>> result = new CompletableFuture<>();
        Thread worker = new Thread(() -> {
            try {
                result.complete(work.run(progress));
            } catch (Throwable e) {
                // Never out of the port: a crash in a call (a missing symbol, a JNA error) is this fact.
                result.complete(Fact.failed(who + " failed in " + progress.call() + ": " + e));
            }
        }, "gpu-doctor-native-" + who.replace(' ', '-'));
        worker.setDaemon(true);
        long started = System.nanoTime();
        worker.start();
        long ms = deadline.toMillis();
        try {
            return result.get(ms, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            String call = progress.call();
            return Fact.failed(who + " did not answer within " + ms + " ms (" + call + ")",
                    Evidence.nativeCall(call, (System.nanoTime() - started) / 1e6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fact.failed(who + " was not waited for: interrupted during " + progress.call());
        } catch (ExecutionException e) {
            // The worker completes normally even when its work throws; kept for the compiler.
            return Fact.failed(who + " failed in " + progress.call() + ": " + e.getCause());
        }
    }
}
