package dev.gpudoctor.testing;

import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.RootedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The first python3 of the test machine's PATH that has numpy and onnx (Debian: python3-onnx, which CI
 * installs): what checks gpu-doctor's ONNX files with onnx's own checker and computes the engine test
 * network independently (src/test/trt/onnx_numpy.py), and what the fake TensorRT tools run on.
 */
public final class PythonWithOnnx {

    /** Why tests that need it are skipped where it is missing. */
    public static final String NEEDED = "python3 with numpy and onnx on PATH (Debian: python3-onnx)";

    private static volatile Optional<Path> found;

    private PythonWithOnnx() {
    }

    public static synchronized Optional<Path> find() {
        if (found == null) {
            found = search();
        }
        return found;
    }

    private static Optional<Path> search() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path p = dir.isEmpty() ? null : Path.of(dir, "python3");
            if (p != null && Files.isExecutable(p)) {
                CommandResult r = runner(Map.of()).run(List.of(p.toString(), "-c", "import numpy, onnx"), Duration.ofSeconds(60));
                if (r.succeeded()) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs a script file with arguments, src/test/trt on PYTHONPATH. */
    public static CommandResult script(Path script, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(find().orElseThrow().toString(), script.toAbsolutePath().toString()));
        argv.addAll(args);
        return runner(Map.of("PYTHONPATH", Path.of("src/test/trt").toAbsolutePath().toString()))
                .run(argv, Duration.ofSeconds(120));
    }

    private static ExecCommandRunner runner(Map<String, String> extra) {
        Map<String, String> env = new java.util.HashMap<>(Map.of("PATH", System.getenv().getOrDefault("PATH", "")));
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.putAll(extra);
        return new ExecCommandRunner(env, new RootedFiles(Path.of("/")));
    }
}
