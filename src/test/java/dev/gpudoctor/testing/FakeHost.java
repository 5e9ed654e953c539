package dev.gpudoctor.testing;

import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.Environment;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.MapEnvironment;
import dev.gpudoctor.host.NativeLibraries;
import dev.gpudoctor.host.live.RootedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A host for tests, built fluently in a temporary directory: files under a root, canned command
 * results by argv, an environment. Unknown commands are "not found".
 */
public final class FakeHost implements Host {

    private final Path root;
    private final RootedFiles files;
    private final Map<List<String>, CommandResult> commands = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private final List<List<String>> ran = new ArrayList<>();

    public FakeHost(Path root) {
        this.root = root;
        this.files = new RootedFiles(root);
    }

    public Path root() {
        return root;
    }

    /** Writes a file at a host path ("/proc/driver/nvidia/version"). */
    public FakeHost file(String hostPath, String content) {
        try {
            Path p = root.resolve(hostPath.substring(1));
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a directory at a host path. */
    public FakeHost dir(String hostPath) {
        try {
            Files.createDirectories(root.resolve(hostPath.substring(1)));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates a symbolic link at a host path with the target written as given. */
    public FakeHost link(String hostPath, String target) {
        try {
            Path p = root.resolve(hostPath.substring(1));
            Files.createDirectories(p.getParent());
            Files.createSymbolicLink(p, Path.of(target));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public FakeHost env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** A command that exits with the given code and output. */
    public FakeHost command(List<String> argv, int exit, String stdout, String stderr) {
        commands.put(List.copyOf(argv), CommandResult.exited(argv, exit, stdout, stderr, 1.0));
        return this;
    }

    public FakeHost command(List<String> argv, CommandResult result) {
        commands.put(List.copyOf(argv), result);
        return this;
    }

    /** Every argv that a probe ran, in order. */
    public List<List<String>> ran() {
        synchronized (ran) {
            return List.copyOf(ran);
        }
    }

    @Override
    public HostFiles files() {
        return files;
    }

    @Override
    public CommandRunner commands() {
        return (argv, timeout) -> {
            synchronized (ran) {
                ran.add(List.copyOf(argv));
            }
            CommandResult r = commands.get(List.copyOf(argv));
            return r != null ? r : CommandResult.notFound(argv, argv.get(0) + " not found on PATH");
        };
    }

    @Override
    public Environment environment() {
        return new MapEnvironment(env);
    }

    @Override
    public NativeLibraries natives() {
        return NativeLibraries.unavailable("fake host");
    }

    @Override
    public String description() {
        return "fake host " + root;
    }

    @Override
    public boolean isLive() {
        return false;
    }
}
