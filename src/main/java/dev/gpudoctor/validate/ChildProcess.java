package dev.gpudoctor.validate;

import dev.gpudoctor.report.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The running child JVM of the ladder, seen from the parent: its protocol lines as timed events,
 * the tail of the rest of its output (stderr, and what else reached stdout: the JVM's fatal error
 * summary, which names the signal and the native frame that crashed), its exit.
 * Reading happens on daemon threads, so a child that hangs holds nothing of the parent's.
 */
final class ChildProcess implements AutoCloseable {

    /** A protocol line and when it arrived (System.nanoTime); {@code line} null: stdout ended. */
    record Event(ChildLine line, long at) {
        boolean ended() {
            return line == null;
        }
    }

    private static final int OUTPUT_LINES = 200;

    private final Process process;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Deque<String> stderr = new ArrayDeque<>(); // and stdout's non-protocol lines
    private final OutputStream stdin;

    private ChildProcess(Process process) {
        this.process = process;
        this.stdin = process.getOutputStream();
        daemon("gpu-doctor-validate-stdout", () -> readStdout(process.getInputStream()));
        daemon("gpu-doctor-validate-stderr", () -> readStderr(process.getErrorStream()));
    }

    /** Starts the child with exactly this environment (the one gpu-doctor was given). */
    static ChildProcess start(List<String> argv, Map<String, String> environment, Path workingDirectory) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().clear();
        pb.environment().putAll(environment);
        pb.directory(workingDirectory.toFile());
        return new ChildProcess(pb.start());
    }

    private static void daemon(String name, Runnable r) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private void readStdout(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                int at = line.indexOf(ChildLine.MARK);
                if (at < 0) {
                    // A library's own output, or the JVM's fatal error summary (which goes to stdout).
                    synchronized (stderr) {
                        keep(line);
                    }
                    continue;
                }
                try {
                    events.add(new Event(Json.mapper().readValue(line.substring(at + ChildLine.MARK.length()),
                            ChildLine.class), System.nanoTime()));
                } catch (IOException e) {
                    synchronized (stderr) {
                        keep("(unreadable protocol line: " + e.getMessage() + ")");
                    }
                }
            }
        } catch (IOException e) {
            // The pipe broke: the child is gone; the end event below says so.
        }
        events.add(new Event(null, System.nanoTime()));
    }

    private void readStderr(InputStream in) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderr) {
                    keep(line);
                }
            }
        } catch (IOException e) {
            // As for stdout.
        }
    }

    private void keep(String line) {
        stderr.addLast(line);
        while (stderr.size() > OUTPUT_LINES) {
            stderr.removeFirst();
        }
    }

    /** The next event, or null when none came by {@code deadlineNanos} (System.nanoTime). */
    Event next(long deadlineNanos) {
        try {
            return events.poll(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Writes one line to the child's stdin; false when the child is gone. */
    boolean send(String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills the child and whatever it started; native calls cannot be interrupted, only their process. */
    void kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    /** The exit code once the child has ended (waiting up to {@code millis}), null if it has not. */
    Integer exitCode(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The last lines the child wrote that are not the protocol, stdout and stderr together. */
    List<String> outputTail() {
        synchronized (stderr) {
            return List.copyOf(stderr);
        }
    }

    private static final Pattern SIGNAL = Pattern.compile("^#\\s+(SIG[A-Z]+) \\(0x[0-9a-f]+\\) at pc=");
    private static final Pattern FRAME = Pattern.compile("^#\\s+C\\s+\\[([^\\]+]+)(?:\\+0x[0-9a-f]+)?\\]\\s*(\\S+?)(?:\\+0x[0-9a-f]+)?$");

    /**
     * What the JVM's fatal error handler said killed the child: the signal and the native frame
     * ("SIGSEGV in libcudnn_cnn.so.9 (cudnnConvolutionForward)"), or null when it said nothing.
     */
    String fatalError() {
        String signal = null;
        String frame = null;
        for (String line : outputTail()) {
            Matcher s = SIGNAL.matcher(line);
            if (s.find()) {
                signal = s.group(1);
            }
            Matcher f = FRAME.matcher(line.strip());
            if (f.find() && frame == null) {
                frame = f.group(1) + (f.group(2).isEmpty() ? "" : " (" + f.group(2) + ")");
            }
        }
        if (signal == null) {
            return null;
        }
        return signal + (frame == null ? "" : " in " + frame);
    }

    /**
     * The lines of the JVM's fatal error summary that say what crashed (the signal and the problematic
     * frame), stripped of their "#"; the summary's other lines point at a report file in a folder that
     * is deleted, so they are left out.
     */
    List<String> fatalLines() {
        List<String> out = new java.util.ArrayList<>();
        List<String> all = outputTail();
        for (int i = 0; i < all.size(); i++) {
            String l = all.get(i);
            if (SIGNAL.matcher(l).find() || FRAME.matcher(l.strip()).find()) {
                out.add(l.replaceFirst("^#\\s*", ""));
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException e) {
            // Already gone.
        }
        if (process.isAlive()) {
            kill();
        }
    }
}
