package dev.gpudoctor.cli;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.host.bundle.BundleManifest;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.probe.Examination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** Which host to examine, shared by the commands that examine one. */
public final class HostOptions {

    static final class Source {
        @Option(names = "--root", paramLabel = "DIR",
                description = "Examine the file system mounted at DIR (an image, a container's root, a fixture) "
                        + "instead of this machine. Its commands are not run.")
        Path root;

        @Option(names = "--from", paramLabel = "BUNDLE",
                description = "Replay a bundle written by 'gpu-doctor capture' (a folder or a .tar.gz).")
        Path from;
    }

    @ArgGroup(exclusive = true)
    Source source;

    @Option(names = "--python", paramLabel = "PATH",
            description = "Also examine this Python interpreter's environment (repeatable).")
    List<String> pythons = new ArrayList<>();

    @Option(names = "--pid", paramLabel = "PID",
            description = "Also read which library copies this running process has mapped (/proc/PID/maps): "
                    + "the live truth beside the linker emulation (repeatable).")
    List<Integer> pids = new ArrayList<>();

    @Option(names = "--deep",
            description = "Also load each CUDA library copy (in a child process) to ask its own version, and run each "
                    + "Python environment's interpreter to import each GPU framework (torch, tensorflow, jax, onnxruntime; one process each), touch the GPU and list the libraries it loaded "
                    + "(slow: seconds; runs the libraries' own code).")
    boolean deep;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Deadline for the whole examination; a probe still running then is reported "
                    + "as not completed (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    /** This machine, with extra interpreters: for commands that may only act where they run (install). */
    static HostOptions thisMachine(List<String> pythons) {
        HostOptions o = new HostOptions();
        o.pythons = new ArrayList<>(pythons);
        o.timeoutSeconds = 10;
        return o;
    }

    /** True when the command looks at a bundle or a mounted root, not at this machine. */
    boolean examinesAnotherHost() {
        return source != null && (source.root != null || source.from != null);
    }

    /** Opens the host; the returned handle cleans up a bundle's unpacked copy when closed. */
    OpenHost open(Runtime rt) {
        if (timeoutSeconds <= 0 || timeoutSeconds > 3600) {
            throw new UserError(ExitCode.USAGE, "--timeout must be between 0 and 3600 seconds");
        }
        if (source != null && source.root != null) {
            if (!Files.isDirectory(source.root)) {
                throw new UserError(ExitCode.COULD_NOT_RUN, "--root " + source.root + " is not a directory");
            }
            return new OpenHost(LiveHost.mountedAt(source.root), null, null);
        }
        if (source != null && source.from != null) {
            Path scratch;
            try {
                scratch = Files.createTempDirectory("gpu-doctor-bundle-");
            } catch (IOException e) {
                throw new UserError(ExitCode.COULD_NOT_RUN, "cannot create a temporary folder: " + e.getMessage(), e);
            }
            try {
                BundleHost b = BundleHost.open(source.from, scratch);
                return new OpenHost(b, b.capturedAt(), scratch);
            } catch (BundleHost.BundleException e) {
                OpenHost.delete(scratch);
                throw new UserError(ExitCode.COULD_NOT_RUN, e.getMessage(), e);
            }
        }
        return new OpenHost(LiveHost.thisMachine(rt.environment()), null, null);
    }

    /**
     * Examines the opened host with these options; a replayed bundle also gets what its capture
     * was asked (--python, --pid, --deep), so that its recorded answers are read back.
     */
    Examination.Result examine(OpenHost open, Host host) {
        BundleManifest.Asked asked = asked(open.host());
        return Examination.of(host, asked.pythons(), asked.pids(), asked.deep(), deadline(asked.deep()));
    }

    /** What this command asks, as a bundle's manifest records it. */
    BundleManifest.Asked asked(Host host) {
        BundleManifest.Asked recorded = host instanceof BundleHost b ? b.asked() : BundleManifest.Asked.NOTHING;
        return new BundleManifest.Asked(union(pythons, recorded.pythons()), union(pids, recorded.pids()), deep || recorded.deep());
    }

    private static <T> List<T> union(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        b.stream().filter(x -> !out.contains(x)).forEach(out::add);
        return out;
    }

    /** Importing a framework takes seconds: with --deep the examination gets at least 75 s. */
    private Duration deadline(boolean deep) {
        return Duration.ofMillis(Math.round((deep ? Math.max(timeoutSeconds, 75) : timeoutSeconds) * 1000));
    }
}
