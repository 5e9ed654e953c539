package dev.gpudoctor.validate.engine;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * What gpu-doctor writes beside each plan it builds (PLAN.json), because a plan does not say in any
 * published form which GPU it was built for or with which flags: validate --engine reads it back to
 * say why a plan will or will not load on another host. Plans from other tools have none; then only
 * the header and loading speak.
 *
 * @param format                 "gpu-doctor-plan-1"
 * @param network                {@link TestNetwork#NAME} for gpu-doctor's own test network, whose inputs and CPU
 *                               reference validate --engine then knows
 * @param precision              fp32 | fp16 | int8
 * @param route                  trtexec | python: what built it
 * @param tool                   the trtexec binary or the Python interpreter
 * @param tensorrtVersion        the TensorRT that built it ("10.3.0")
 * @param libnvinfer             the libnvinfer copy of this host the ladder chose (what trtexec or the module
 *                               loaded, where the route says so)
 * @param computeCapability      of the GPU it was built on ("9.0")
 * @param hardwareCompatibility  none | ampere+ (TensorRT's HardwareCompatibilityLevel)
 * @param versionCompatible      built with the version-compatible flag
 * @param buildFlags             the route's arguments or builder flags, as given
 * @param builtAt                ISO-8601 instant
 * @param planSha256             of the plan file, so that a sidecar beside another plan is noticed
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"format", "network", "precision", "route", "tool", "tensorrtVersion", "libnvinfer", "gpu",
        "computeCapability", "driverCuda", "hardwareCompatibility", "versionCompatible", "buildFlags", "builtAt", "buildMs",
        "inputs", "outputs", "planBytes", "planSha256"})
public record PlanSidecar(String format, String network, String precision, String route, String tool, String tensorrtVersion,
                          String libnvinfer, String gpu, String computeCapability, String driverCuda,
                          String hardwareCompatibility, Boolean versionCompatible, List<String> buildFlags, String builtAt,
                          Double buildMs, List<TensorInfo> inputs, List<TensorInfo> outputs, Long planBytes,
                          String planSha256) {

    public static final String FORMAT = "gpu-doctor-plan-1";

    public PlanSidecar {
        buildFlags = buildFlags == null ? List.of() : List.copyOf(buildFlags);
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        outputs = outputs == null ? List.of() : List.copyOf(outputs);
    }

    /** An input or output of the engine: name, element type, shape. */
    public record TensorInfo(String name, String type, List<Long> shape) {
        public TensorInfo {
            shape = shape == null ? List.of() : List.copyOf(shape);
        }
    }

    /** Where the sidecar of a plan is. */
    public static String pathOf(String plan) {
        return plan + ".json";
    }
}
