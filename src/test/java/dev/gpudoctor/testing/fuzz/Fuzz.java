package dev.gpudoctor.testing.fuzz;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Property runs over hostile input: many inputs drawn from a seeded {@link Random}, each checked on
 * a worker thread under a time bound (a hang fails as surely as an exception), a failing input
 * shrunk by deleting chunks while it still fails the same way, and the seed printed so that a run
 * is replayed exactly with {@code -Dfuzz.seed=N}. A check returns a word for the outcome it saw
 * ("found", "failed", "refused"); the counts are printed and returned, so that a test can insist
 * that the inputs reached past the first line of the parser.
 */
public final class Fuzz {

    /** Inputs per property; {@code -Dfuzz.tries=100000} for a longer run on a quiet machine. */
    public static final int TRIES = Integer.getInteger("fuzz.tries", 10_000);

    /** One seed per test JVM; each property derives its own from it and its name. */
    public static final long SEED = Long.getLong("fuzz.seed", new SecureRandom().nextLong());

    /** Generous for parsers that answer in microseconds, tight enough that a quadratic blow-up fails. */
    public static final Duration PER_TRY = Duration.ofSeconds(Long.getLong("fuzz.tryseconds", 3));

    private static final Duration SHRINK_BUDGET = Duration.ofSeconds(20);

    /** Draws one input. */
    @FunctionalInterface
    public interface Generator {
        byte[] next(Random r);
    }

    /** Checks one input; throws when the property does not hold, else names the outcome. */
    @FunctionalInterface
    public interface Check {
        String apply(byte[] input) throws Exception;
    }

    /** What a run tried and saw. */
    public record Summary(String name, int tries, Map<String, Integer> outcomes, long elapsedMs, long bytes, int largest) {
        public int count(String outcome) {
            return outcomes.getOrDefault(outcome, 0);
        }

        @Override
        public String toString() {
            return "fuzz " + name + ": " + tries + " inputs (mean " + bytes / Math.max(1, tries) + " bytes, largest "
                    + largest + ") in " + elapsedMs + " ms " + outcomes + " (seed " + SEED + ")";
        }
    }

    /** The check did not finish within the bound. */
    public static final class TimedOut extends RuntimeException {
        TimedOut(Duration limit) {
            super("did not finish within " + limit.toMillis() + " ms");
        }
    }

    private static ExecutorService worker = newWorker();

    private Fuzz() {
    }

    public static Summary run(String name, Generator generator, Check check) {
        return run(name, TRIES, PER_TRY, generator, check);
    }

    public static Summary run(String name, int tries, Duration perTry, Generator generator, Check check) {
        Random r = new Random(SEED ^ name.hashCode());
        Map<String, Integer> outcomes = new TreeMap<>();
        long t0 = System.nanoTime();
        long bytes = 0;
        int largest = 0;
        for (int i = 0; i < tries; i++) {
            byte[] input = generator.next(r);
            bytes += input.length;
            largest = Math.max(largest, input.length);
            String outcome;
            try {
                outcome = bounded(() -> check.apply(input), perTry);
            } catch (Throwable failure) {
                throw report(name, i, tries, input, failure, check, perTry);
            }
            outcomes.merge(outcome == null ? "null" : outcome, 1, Integer::sum);
        }
        Summary s = new Summary(name, tries, outcomes, (System.nanoTime() - t0) / 1_000_000, bytes, largest);
        System.out.println(s);
        return s;
    }

    /**
     * Runs on a worker thread of default stack size, as the probes do, so that a recursion that
     * overflows there overflows here.
     */
    private static synchronized <T> T bounded(Callable<T> work, Duration limit) throws Throwable {
        Future<T> f = worker.submit(work);
        try {
            return f.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // A regular expression does not notice interrupts: leave the stuck thread and take a new one.
            f.cancel(true);
            worker.shutdownNow();
            worker = newWorker();
            throw new TimedOut(limit);
        } catch (ExecutionException e) {
            throw e.getCause();
        }
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-worker");
            t.setDaemon(true);
            return t;
        });
    }

    private static AssertionError report(String name, int index, int tries, byte[] input, Throwable failure,
            Check check, Duration perTry) {
        byte[] small = failure instanceof TimedOut ? input : shrink(input, failure.getClass(), check, perTry);
        Path saved = save(name, small);
        AssertionError e = new AssertionError(name + ": input " + (index + 1) + " of " + tries + " failed with "
                + failure + "\n  replay: -Dfuzz.seed=" + SEED
                + "\n  input: " + input.length + " bytes, shrunk to " + small.length + " bytes, saved to " + saved
                + "\n  shrunk: " + preview(small), failure);
        return e;
    }

    /** Deletes ever smaller chunks while the input still fails with the same kind of throwable. */
    static byte[] shrink(byte[] input, Class<?> kind, Check check, Duration perTry) {
        long deadline = System.nanoTime() + SHRINK_BUDGET.toNanos();
        byte[] best = input;
        for (int chunk = Math.max(1, best.length / 2); chunk >= 1 && System.nanoTime() < deadline; chunk /= 2) {
            for (int at = 0; at + chunk <= best.length && System.nanoTime() < deadline; ) {
                byte[] candidate = new byte[best.length - chunk];
                System.arraycopy(best, 0, candidate, 0, at);
                System.arraycopy(best, at + chunk, candidate, at, best.length - at - chunk);
                if (failsAs(candidate, kind, check, perTry)) {
                    best = candidate;
                } else {
                    at += chunk;
                }
            }
            if (chunk == 1) {
                break;
            }
        }
        return best;
    }

    private static boolean failsAs(byte[] candidate, Class<?> kind, Check check, Duration perTry) {
        try {
            bounded(() -> check.apply(candidate), perTry);
            return false;
        } catch (Throwable t) {
            return t.getClass() == kind;
        }
    }

    private static Path save(String name, byte[] input) {
        try {
            Path dir = Path.of(System.getProperty("basedir", "."), "target", "fuzz-failures");
            Files.createDirectories(dir);
            return Files.write(dir.resolve(name.replaceAll("[^A-Za-z0-9._-]", "_") + ".bin"), input);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input as a Java string literal would show it, at most 600 characters. */
    public static String preview(byte[] input) {
        StringBuilder b = new StringBuilder("\"");
        for (byte x : Arrays.copyOf(input, Math.min(input.length, 600))) {
            int c = x & 0xff;
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> b.append(c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c));
            }
        }
        return b.append(input.length > 600 ? "\"..." : "\"").toString();
    }

    /** The bytes as the host's files are read: UTF-8, invalid sequences replaced (RootedFiles.readText). */
    public static String text(byte[] input) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE)
                    .decode(ByteBuffer.wrap(input)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
    }

    /**
     * The outcome of a parser's fact, with what every fact promises checked: a status, and for one
     * that is not found a reason a person can read in a report line.
     */
    public static String outcome(Fact<?> f) {
        if (f == null || f.status() == null) {
            throw new AssertionError("no fact: " + f);
        }
        if (f.status() != Status.FOUND) {
            clearReason(f.why());
        }
        return f.status().word();
    }

    /**
     * A reason is one line of at most 320 characters without control characters: hostile input
     * is echoed shortened and sanitized, never whole (a 30 MB line, or terminal escape sequences, in
     * a report).
     */
    public static void clearReason(String why) {
        if (why == null || why.isBlank()) {
            throw new AssertionError("a fact that is not found must say why");
        }
        if (why.length() > 320) {
            throw new AssertionError("reason of " + why.length() + " characters: " + why.substring(0, 120) + "...");
        }
        for (int i = 0; i < why.length(); i++) {
            if (Character.isISOControl(why.charAt(i))) {
                throw new AssertionError("control character U+" + String.format("%04X", (int) why.charAt(i))
                        + " in reason: " + why);
            }
        }
    }
}
