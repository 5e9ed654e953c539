package dev.gpudoctor.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.live.ExecCommandRunner;
import dev.gpudoctor.host.live.RootedFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONNX files the model tests stand on are real ONNX: onnx's own checker (full check, with shape
 * inference) accepts the detector and the external-data model, and, like model inspect, refuses the
 * latter when its data file is missing.
 */
class ModelFixturesTest {

    @TempDir
    Path tmp;

    @Test
    void onnxsCheckerAgreesWithTheFixtures() throws Exception {
        Path python = Path.of("/usr/bin/python3");
        assumeTrue(Files.isExecutable(python), "a python3 at /usr/bin/python3");
        ExecCommandRunner runner = new ExecCommandRunner(Map.of("PATH", "/usr/bin:/bin"), new RootedFiles(Path.of("/")));
        assumeTrue(runner.run(List.of(python.toString(), "-c", "import onnx"), Duration.ofSeconds(30)).succeeded(),
                "python3 -c 'import onnx' (Debian: python3-onnx)");
        Path detector = ModelFixtures.writeDetector(tmp);
        Path external = ModelFixtures.writeExternal(tmp, 160);
        Path missing = ModelFixtures.writeExternal(Files.createDirectories(tmp.resolve("missing")), -1);
        String script = String.join("\n",
                "import sys, onnx",
                "for p in sys.argv[1:3]:",
                "    onnx.checker.check_model(p, full_check=True)",
                "    m = onnx.load(p)",
                "    print([n.op_type for n in m.graph.node], [o.version for o in m.opset_import])",
                "try:",
                "    onnx.checker.check_model(sys.argv[3], full_check=True)",
                "    print('missing data accepted')",
                "except onnx.checker.ValidationError:",
                "    print('missing data refused')");
        CommandResult r = runner.run(List.of(python.toString(), "-c", script, detector.toString(), external.toString(),
                missing.toString()), Duration.ofSeconds(60));
        assertThat(r.succeeded()).as(r.stderr()).isTrue();
        assertThat(r.stdout().strip().lines()).containsExactly(
                "['Conv', 'Relu', 'GlobalAveragePool', 'Flatten', 'Gemm', 'Sigmoid', 'Greater', 'NonZero'] [13]",
                "['MatMul', 'Add'] [13]",
                "missing data refused");
    }
}
