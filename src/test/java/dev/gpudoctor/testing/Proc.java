package dev.gpudoctor.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One run of a program the way a scheduler or an init system starts it: the given environment
 * only, no terminal, stdin closed, output kept in files (no pipe to fill), and a time bound after
 * which the program and everything it started is killed and the test fails saying so.
 */
public record Proc(int exit, String out, String err, Duration took) {

    public static Proc run(List<String> argv, Map<String, String> env, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("gpu-doctor-proc", ".out");
            err = Files.createTempFile("gpu-doctor-proc", ".err");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            long start = System.nanoTime();
            Process p = pb.start();
            boolean ended = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (!ended) {
                killTree(p.toHandle());
                throw new AssertionError(String.join(" ", argv) + " still running after " + timeout.toSeconds() + " s; stdout: "
                        + read(out) + " stderr: " + read(err));
            }
            return new Proc(p.exitValue(), read(out), read(err), took);
        } catch (IOException e) {
            throw new AssertionError("could not run " + argv + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + argv, e);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    /** Stops a process and its descendants: TERM first, KILL for whatever is left after a few seconds. */
    public static void killTree(ProcessHandle root) {
        List<ProcessHandle> all = new java.util.ArrayList<>(root.descendants().toList());
        all.add(0, root);
        all.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (ProcessHandle h : all) {
            long left = deadline - System.nanoTime();
            try {
                if (left > 0) {
                    h.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            } catch (Exception e) {
                // still alive: killed below
            }
        }
        all.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    /** The program's own name on PATH, as a shell's command -v finds it, or null. */
    public static Path onPath(String name) {
        for (String dir : List.of("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static String read(Path p) throws IOException {
        return p == null ? "" : Files.readString(p, StandardCharsets.UTF_8);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a temp file left behind costs nothing
            }
        }
    }
}
