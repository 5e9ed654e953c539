package dev.gpudoctor.host.live;

import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.HostFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.exec.CommandLine;
import org.apache.commons.exec.DefaultExecutor;
import org.apache.commons.exec.ExecuteException;
import org.apache.commons.exec.ExecuteWatchdog;
import org.apache.commons.exec.PumpStreamHandler;

/**
 * Runs commands on this machine through Commons Exec: argv only, never a shell; {@code LC_ALL=C}
 * so that output is parseable; a watchdog kills a command at its timeout (nvidia-smi can hang for
 * minutes on a GPU that fell off the bus); outputs are bounded.
 */
public final class ExecCommandRunner implements CommandRunner {

    static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

    private final Map<String, String> baseEnvironment;
    private final HostFiles files;

    /**
     * @param baseEnvironment the environment commands inherit (LC_ALL and LANG are overridden)
     * @param files           used to find a bare program name on PATH without starting anything
     */
    public ExecCommandRunner(Map<String, String> baseEnvironment, HostFiles files) {
        this.baseEnvironment = Map.copyOf(baseEnvironment);
        this.files = files;
    }

    @Override
    public CommandResult run(List<String> argv, Duration timeout) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("empty command");
        }
        String program = argv.get(0);
        String resolved = program.contains("/") ? program : findOnPath(program);
        if (resolved == null || !files.exists(resolved)) {
            return CommandResult.notFound(argv, program.contains("/")
                    ? "no such file: " + program
                    : program + " not found on PATH");
        }
        CommandLine cl = new CommandLine(resolved);
        for (String a : argv.subList(1, argv.size())) {
            cl.addArgument(a, false);
        }
        Map<String, String> env = new HashMap<>(baseEnvironment);
        env.put("LC_ALL", "C");
        env.put("LANG", "C");
        BoundedOutput out = new BoundedOutput();
        BoundedOutput err = new BoundedOutput();
        PumpStreamHandler streams = new PumpStreamHandler(out, err);
        // A killed command's grandchildren may keep the pipes open; do not wait for them forever.
        streams.setStopTimeout(Duration.ofMillis(500));
        TreeKillingWatchdog watchdog = new TreeKillingWatchdog(timeout);
        DefaultExecutor executor = DefaultExecutor.builder().setExecuteStreamHandler(streams).get();
        executor.setWatchdog(watchdog);
        executor.setExitValues(null);
        long t0 = System.nanoTime();
        try {
            int exit = executor.execute(cl, env);
            double ms = ms(t0);
            if (watchdog.killedProcess()) {
                return CommandResult.timedOut(argv, out.text(), err.text(), ms);
            }
            return CommandResult.exited(argv, exit, out.text(), err.text(), ms);
        } catch (ExecuteException e) {
            double ms = ms(t0);
            if (watchdog.killedProcess()) {
                return CommandResult.timedOut(argv, out.text(), err.text(), ms);
            }
            return CommandResult.exited(argv, e.getExitValue(), out.text(), err.text(), ms);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return CommandResult.failedToStart(argv, msg, ms(t0));
        }
    }

    private String findOnPath(String program) {
        String path = baseEnvironment.getOrDefault("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        for (String dir : path.split(":")) {
            if (dir.isEmpty()) {
                continue;
            }
            String candidate = dir.endsWith("/") ? dir + program : dir + "/" + program;
            if (files.exists(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static double ms(long t0) {
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Kills the command's children too at the timeout: a wrapper script's child (the real,
     * hanging nvidia-smi) would otherwise keep the output pipes open and the run waiting.
     */
    private static final class TreeKillingWatchdog extends ExecuteWatchdog {
        private Process process;

        @SuppressWarnings("deprecation")
        TreeKillingWatchdog(Duration timeout) {
            // The builder's watchdog cannot be extended; this constructor is the same one.
            super(Math.max(1, timeout.toMillis()));
        }

        @Override
        public synchronized void start(Process p) {
            this.process = p;
            super.start(p);
        }

        @Override
        public synchronized void timeoutOccured(org.apache.commons.exec.Watchdog w) {
            List<ProcessHandle> children = process == null ? List.of() : process.descendants().toList();
            super.timeoutOccured(w);
            children.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** Keeps at most MAX_OUTPUT_BYTES and drops the rest, so a runaway command cannot exhaust memory. */
    private static final class BoundedOutput extends OutputStream {
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private boolean truncated;

        @Override
        public synchronized void write(int b) {
            if (buf.size() < MAX_OUTPUT_BYTES) {
                buf.write(b);
            } else {
                truncated = true;
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = MAX_OUTPUT_BYTES - buf.size();
            if (len > room) {
                truncated = true;
            }
            buf.write(b, off, Math.max(0, Math.min(len, room)));
        }

        synchronized String text() {
            String s = buf.toString(StandardCharsets.UTF_8);
            return truncated ? s + "\n[output truncated at " + MAX_OUTPUT_BYTES + " bytes]" : s;
        }
    }
}
