package dev.gpudoctor.host.live;

import dev.gpudoctor.host.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a class of this program in a child JVM, so that native code that could crash (a library's
 * initialisation segfaulting) costs that child, never the report. Same java binary, same class path.
 */
public final class ChildJvm {

    private final ExecCommandRunner runner;

    public ChildJvm(Map<String, String> environment) {
        this.runner = new ExecCommandRunner(environment, new RootedFiles(Path.of("/")));
    }

    /** The java binary of this process, when the platform says. */
    static Optional<String> javaBinary() {
        Optional<String> fromProcess = ProcessHandle.current().info().command();
        if (fromProcess.isPresent()) {
            return fromProcess;
        }
        Path p = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(p) ? Optional.of(p.toString()) : Optional.empty();
    }

    /**
     * The class path for a child, each entry by its real path. The bundle's launcher names the jar
     * through /proc/self/fd/9 (so that its class-data archive holds wherever it is unpacked), a
     * descriptor that a child does not inherit. An entry that cannot be resolved is passed as it is.
     */
    static String classPath(String classPath) {
        List<String> out = new ArrayList<>();
        for (String entry : classPath.split(java.io.File.pathSeparator, -1)) {
            try {
                out.add(entry.isEmpty() ? entry : Path.of(entry).toRealPath().toString());
            } catch (java.io.IOException | java.nio.file.InvalidPathException e) {
                out.add(entry);
            }
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** Runs {@code mainClass} with the arguments; the result says how the child ended (a crash is an exit code). */
    public CommandResult run(Class<?> mainClass, List<String> args, Duration timeout) {
        Optional<List<String>> argv = command(mainClass, List.of("-XX:TieredStopAtLevel=1"), args);
        if (argv.isEmpty()) {
            return CommandResult.notFound(List.of("java"), "the java binary of this process is not known");
        }
        return runner.run(argv.get(), timeout);
    }

    /**
     * The argv that runs {@code mainClass} of this program in a new JVM: same java binary, same class
     * path, with {@code jvmOptions} before the class. Empty when the java binary is not known. For
     * callers that talk to the child while it runs (validate's ladder) rather than wait for its end.
     */
    public static Optional<List<String>> command(Class<?> mainClass, List<String> jvmOptions, List<String> args) {
        Optional<String> java = javaBinary();
        if (java.isEmpty()) {
            return Optional.empty();
        }
        List<String> argv = new ArrayList<>(List.of(java.get()));
        argv.addAll(jvmOptions);
        argv.addAll(List.of("-XX:+UseSerialGC", "-Xshare:auto", "--enable-native-access=ALL-UNNAMED",
                "-cp", classPath(System.getProperty("java.class.path")), mainClass.getName()));
        argv.addAll(args);
        return Optional.of(argv);
    }
}
