package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.jna.NativeLibrary;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.testing.FakeDriverLibraries;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.FakeLadderLibraries;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** gpu-doctor validate through the real command line: options, output formats, exit codes. */
class ValidateCommandTest {

    @TempDir
    Path tmp;

    /** Runs validate with this environment, its library copies searched for on an empty fake host. */
    private Cli.Run run(Map<String, String> env, String... args) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Runtime rt = new Runtime(env, new PrintWriter(out, true), new PrintWriter(err, true), false);
        FakeHost searched = new FakeHost(Files.createDirectories(tmp.resolve("root")));
        List<String> argv = new ArrayList<>(List.of("validate"));
        argv.addAll(List.of(args));
        int code = GpuDoctor.commandLine(rt, List.of(new ValidateCommand(rt, e -> searched))).execute(argv.toArray(String[]::new));
        return new Cli.Run(code, out.toString(), err.toString());
    }

    /** Mistyped options are usage errors (exit 3) with one line on stderr: no stack trace, no GPU work started. */
    @Test
    void badInputIsAUsageError() throws Exception {
        for (String[] args : List.of(new String[] {"--format", "markdown"}, new String[] {"--device", "-1"},
                new String[] {"--step-timeout", "0"}, new String[] {"--cudnn", tmp.resolve("nope.so").toString()},
                new String[] {"--device", "one"}, new String[] {"--hardware-compatibility", "turing+"},
                new String[] {"--engine", tmp.resolve("nope.plan").toString()},
                new String[] {"--engine", tmp.toString(), "--save-engines", tmp.toString()})) {
            Cli.Run r = run(Map.of("PATH", "/usr/bin:/bin"), args);
            assertThat(r.exit()).as(String.join(" ", args)).isEqualTo(3);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("gpu-doctor: ").doesNotContain("Exception", "\tat ");
        }
        assertThat(run(Map.of(), "--cudnn", tmp.resolve("nope.so").toString()).err()).contains("nope.so: no such file");
        assertThat(run(Map.of(), "--engine", tmp.toString(), "--version-compatible").err())
                .contains("--engine checks a plan; --save-engines, --hardware-compatibility and --version-compatible are for the "
                        + "plans step 7 builds");
    }

    @Test
    void helpListsValidate() {
        Cli.Run r = Cli.run("--help");
        assertThat(r.out()).contains("validate");
        assertThat(Cli.run("validate", "--help").out()).contains("--step-timeout", "--cudnn", "--device", "--engine",
                "--save-engines", "--hardware-compatibility", "--version-compatible");
    }

    /**
     * A healthy stack (fake libraries), printed as JSON: check's head (schemaVersion, tool, host, generatedAt,
     * elapsedMs, findings) then the ladder; exit code 0 since nothing failed.
     */
    @Test
    void jsonOnAHealthyStack() throws Exception {
        Path cuda = FakeDriverLibraries.build(tmp.resolve("drv"), "healthy-h100").cuda();
        Path nvrtc = FakeLadderLibraries.nvrtc(tmp, 13, 0, "9.0", "healthy", true);
        Path cublas = FakeLadderLibraries.cublas(tmp, "healthy");
        Path cudnn = FakeLadderLibraries.cudnn(tmp, "healthy", List.of("cnn"));
        Cli.Run r = run(Map.of("PATH", "/usr/bin:/bin", "LD_LIBRARY_PATH", cuda.getParent().toString()), "--format", "json",
                "--nvrtc", nvrtc.toString(), "--cublas", cublas.toString(), "--cudnn", cudnn.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode j = Json.mapper().readTree(r.out());
        List<String> keys = new ArrayList<>();
        for (Iterator<String> it = j.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        assertThat(keys).containsExactly("schemaVersion", "tool", "host", "generatedAt", "elapsedMs", "findings", "validation");
        JsonNode v = j.get("validation");
        assertThat(v.get("outcome").asText()).isEqualTo("passed");
        assertThat(v.get("gpu").get("name").asText()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(v.get("steps")).hasSize(7);
        assertThat(v.get("steps").get(3).get("checks").get(1).get("name").asText()).isEqualTo("FP16 GEMM 512x512x512");
        assertThat(v.get("steps").get(5).get("result").asText()).isEqualTo("not-installed");
        assertThat(v.get("steps").get(6).get("id").asText()).isEqualTo("tensorrt-engine");
        assertThat(v.get("steps").get(6).get("result").asText()).isEqualTo("not-installed");
        assertThat(v.get("engine").get("routes").findValuesAsText("name")).containsExactly("javacpp", "trtexec", "python");
        assertThat(j.get("findings").findValuesAsText("code")).containsExactlyInAnyOrder("validate.fp16-error",
                "validate.not-installed");
    }

    /**
     * validate --engine with a file that is not a plan (a model zip given by mistake) on a host with the driver and no
     * TensorRT: the plan's header is read all the same, the finding says what the file is, exit code 1, no stack trace.
     */
    @Test
    void engineWithAFileThatIsNotAPlan() throws Exception {
        Path cuda = FakeDriverLibraries.build(tmp.resolve("drv"), "healthy-h100").cuda();
        Path zip = Files.write(tmp.resolve("model.plan"), new byte[] {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8,
                9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22});
        Cli.Run r = run(Map.of("PATH", "/usr/bin:/bin", "LD_LIBRARY_PATH", cuda.getParent().toString()), "--engine",
                zip.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(r.out()).contains("[\u2717] 7 TensorRT engine    " + zip + " is not a usable plan: The file is not a TensorRT "
                + "plan: it starts with bytes 50 4b 03 04, not the plan tag \"ftrt\".")
                .contains("The plan " + zip + " is not a usable TensorRT plan  (validate.plan-unreadable)");
    }

    /** A container with no GPU passed in: text output, step 1 fails with the driver's own error name, exit code 1. */
    @Test
    void textWhenStepOneFails() throws Exception {
        Path cuda = FakeDriverLibraries.build(tmp.resolve("drv"), "no-devices").cuda();
        Cli.Run r = run(Map.of("PATH", "/usr/bin:/bin", "LD_LIBRARY_PATH", cuda.getParent().toString()));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("[\u2717] 1 CUDA driver API    cuInit(0) returned CUDA_ERROR_NO_DEVICE (100)")
                .contains("[\u00b7] 2 PTX JIT            not run (a lower step failed)")
                .contains("Step 1 failed: the CUDA driver (libcuda and the kernel module) is broken; the steps above it were "
                        + "not run.")
                .contains("(validate.step-failed)");
    }

    /**
     * A machine with a CUDA toolkit and no driver (the development machine): step 1 says there is no driver, the
     * rest is not run, and the run ends cleanly with exit code 1. Skipped where a libcuda.so.1 loads (a GPU machine).
     */
    @Test
    void onAMachineWithoutADriverStepOneSaysSo() {
        boolean loads;
        try {
            NativeLibrary.getInstance("libcuda.so.1");
            loads = true;
        } catch (UnsatisfiedLinkError e) {
            loads = false;
        }
        assumeThat(loads).as("libcuda.so.1 loads here").isFalse();
        Cli.Run r = Cli.run(System.getenv(), "validate", "--format", "json");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).isEmpty();
        JsonNode steps;
        try {
            steps = Json.mapper().readTree(r.out()).get("validation").get("steps");
        } catch (java.io.IOException e) {
            throw new AssertionError(r.out(), e);
        }
        assertThat(steps.get(0).get("summary").asText()).isEqualTo("no driver: libcuda.so.1 not found");
        for (int i = 1; i < 7; i++) {
            assertThat(steps.get(i).get("result").asText()).isEqualTo("not-run");
            assertThat(steps.get(i).get("summary").asText()).isEqualTo("not run (a lower step failed)");
        }
    }
}
