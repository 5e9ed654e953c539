package dev.gpudoctor.validate.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One way to build and run a TensorRT engine on this host: trtexec, or the tensorrt Python module.
 * Every call is one child process under a deadline (the host's command runner), so a hang or a crash
 * in TensorRT ends that call with a result, never the report.
 */
public interface Route {

    /** trtexec | python */
    String name();

    /** The binary or interpreter. */
    String tool();

    Build build(BuildRequest request, Duration timeout);

    Run run(RunRequest request, Duration timeout);

    /**
     * @param precision             fp32 | fp16 | int8
     * @param hardwareCompatibility none | ampere+
     */
    record BuildRequest(String precision, Path onnx, Path plan, String hardwareCompatibility, boolean versionCompatible) {
    }

    /**
     * @param input      a raw little-endian float file for the input named, or null (the route's own inputs)
     * @param workDir    where the route may write its output files
     */
    record RunRequest(Path plan, String inputName, Path input, Path workDir, String tag) {
    }

    /**
     * How a build ended.
     *
     * @param command        the command as people read it
     * @param timedOut       it was killed at its deadline
     * @param tensorrtVersion what the route says it is
     * @param flags          the precision and compatibility flags given
     * @param failure        the reason, classified where the words are known
     * @param log            the last lines of the route's output, for the evidence
     */
    record Build(boolean ok, boolean timedOut, String command, double elapsedMs, Double buildMs, String tensorrtVersion,
                 String device, String computeCapability, List<String> flags, List<PlanSidecar.TensorInfo> inputs,
                 List<PlanSidecar.TensorInfo> outputs, TrtexecLog.Failure failure, List<String> log) {
        public Build {
            flags = flags == null ? List.of() : List.copyOf(flags);
            inputs = inputs == null ? List.of() : List.copyOf(inputs);
            outputs = outputs == null ? List.of() : List.copyOf(outputs);
            log = log == null ? List.of() : List.copyOf(log);
        }
    }

    /**
     * How a run of a plan ended.
     *
     * @param output  the values of the output named in the request's network, where they were read
     * @param problem why the output could not be read (the run itself succeeded)
     * @param memory  how device memory was allocated (the Python route says; trtexec does its own)
     */
    record Run(boolean ok, boolean timedOut, String command, double elapsedMs, String tensorrtVersion, String device,
               String computeCapability, TrtexecLog.Timing latency, TrtexecLog.Timing gpuCompute, Double throughputQps,
               float[] output, String problem, String memory, TrtexecLog.Failure failure, List<String> log) {
        public Run {
            log = log == null ? List.of() : List.copyOf(log);
        }
    }
}
