package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.validate.engine.PlanHeader;
import dev.gpudoctor.validate.engine.PlanSidecar;
import dev.gpudoctor.validate.engine.TrtexecLog;
import java.util.List;

/**
 * What step 7 did with TensorRT: the routes it considered, the engines it built and ran (one per
 * precision) or the plan it checked (validate --engine).
 *
 * @param mode            build (the test network) | plan (validate --engine)
 * @param route           the route used, where one was
 * @param tool            its binary or interpreter
 * @param tensorrtVersion what the route said it is
 * @param workDir         where the plans, sidecars, models and outputs were written
 * @param kept            whether they stay (validate --save-engines DIR) or were deleted with the run's scratch folder
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EngineReport(String mode, List<RouteConsidered> routes, String route, String tool, String tensorrtVersion,
                           String workDir, Boolean kept, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<PrecisionResult> precisions,
                           PlanReport plan) {

    public EngineReport {
        routes = routes == null ? List.of() : List.copyOf(routes);
        precisions = precisions == null ? List.of() : List.copyOf(precisions);
    }

    /** A route as considered, with why it was or was not used. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RouteConsidered(String name, boolean available, boolean used, String path, String why) {
    }

    /**
     * One engine: built (or not), reloaded from its file, run on the fixed input and compared with the
     * CPU reference.
     *
     * @param precision         fp32 | fp16 | int8
     * @param plan              the plan file
     * @param sidecar           its metadata file
     * @param buildMs           the build as the route timed it (trtexec's "Engine built in")
     * @param latency           per inference, ms (trtexec: host latency, H2D + compute + D2H; Python: one
     *                          execute_async_v3 and its synchronisation)
     * @param gpuCompute        trtexec's GPU compute time, ms
     * @param maxAbsError       against the CPU reference this precision is checked against (INT8: the
     *                          quantized network)
     * @param maxRelError       relative to the last layer's sum of |products|, as the GEMM checks
     * @param tolerance         the largest maxRelError that passes
     * @param cosine            cosine similarity with that reference
     * @param maxAbsErrorVsFp32 INT8 only: against the float network (what quantization costs)
     * @param cosineVsFp32      INT8 only: likewise
     * @param commands          the route's commands, build then run
     * @param note              why it was not run, or how device memory was allocated
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PrecisionResult(String precision, Outcome result, String plan, String sidecar, Double buildMs,
                                  TrtexecLog.Timing latency, TrtexecLog.Timing gpuCompute, Double throughputQps,
                                  Double maxAbsError, Double maxRelError, Double tolerance, Double cosine, Long nonFinite,
                                  Double maxAbsErrorVsFp32, Double cosineVsFp32,
                                  @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> commands, NativeError error,
                                  String note) {
        public PrecisionResult {
            commands = commands == null ? List.of() : List.copyOf(commands);
        }
    }

    /**
     * validate --engine PLAN: what the file, its sidecar and loading it say.
     *
     * @param verdict      loads | does-not-load | will-not-load | unreadable | unknown
     * @param reasons      why, one sentence each (the comparisons with this host, the route's words)
     * @param matches      what was compared and agrees with this host
     * @param sidecarNote  why there is no usable sidecar, where there is none
     * @param run          the load and run, where a route could try it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PlanReport(String path, Long size, String sha256, PlanHeader header, PlanSidecar sidecar, String sidecarNote,
                             String verdict, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> reasons,
                             @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> matches, PrecisionResult run) {
        public PlanReport {
            reasons = reasons == null ? List.of() : List.copyOf(reasons);
            matches = matches == null ? List.of() : List.copyOf(matches);
        }
    }
}
