package dev.gpudoctor.host.live;

import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.Environment;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.MapEnvironment;
import dev.gpudoctor.host.NativeLibraries;
import java.nio.file.Path;
import java.util.Map;

/** This machine, or a file system mounted somewhere on it ({@code --root}). */
public final class LiveHost implements Host {

    private final RootedFiles files;
    private final CommandRunner commands;
    private final Environment environment;
    private final NativeLibraries natives;
    private final String description;
    private final boolean live;

    private LiveHost(RootedFiles files, CommandRunner commands, Environment environment,
                     NativeLibraries natives, String description, boolean live) {
        this.files = files;
        this.commands = commands;
        this.environment = environment;
        this.natives = natives;
        this.description = description;
        this.live = live;
    }

    /** The running machine: its files, its commands, this process's environment. */
    public static LiveHost thisMachine(Map<String, String> processEnvironment) {
        RootedFiles files = new RootedFiles(Path.of("/"));
        return new LiveHost(files,
                new ExecCommandRunner(processEnvironment, files),
                new MapEnvironment(processEnvironment),
                JnaNativeLibraries.bySoname().isolatingCopies(new ChildJvm(processEnvironment)),
                "this machine",
                true);
    }

    /**
     * A file system mounted at {@code root}: an image, a container's root, a fixture. Its programs are
     * not run (they belong to another system) and its environment is unknown.
     */
    public static LiveHost mountedAt(Path root) {
        RootedFiles files = new RootedFiles(root);
        return new LiveHost(files,
                CommandRunner.notRun("commands are not run for a mounted root"),
                new MapEnvironment(Map.of()),
                NativeLibraries.unavailable("native calls are not made for a mounted root"),
                "root " + root,
                false);
    }

    @Override
    public HostFiles files() {
        return files;
    }

    @Override
    public CommandRunner commands() {
        return commands;
    }

    @Override
    public Environment environment() {
        return environment;
    }

    @Override
    public NativeLibraries natives() {
        return natives;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isLive() {
        return live;
    }
}
