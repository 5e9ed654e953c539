package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One line of the child's stdout protocol, after {@link #MARK}: a step started, a step is about to
 * make a native call (so that a hang can be named), the GPU was described, or a step ended.
 * Libraries may print on stdout too; lines without the mark are not the protocol.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChildLine(String event, Integer step, String call, StepResult result, GpuInfo gpu) {

    public static final String MARK = "@gpu-doctor-validate ";

    public static ChildLine start(Step s) {
        return new ChildLine("start", s.number(), null, null, null);
    }

    public static ChildLine call(Step s, String call) {
        return new ChildLine("call", s.number(), call, null, null);
    }

    public static ChildLine result(StepResult r) {
        return new ChildLine("result", r.number(), null, r, null);
    }

    public static ChildLine gpu(GpuInfo g) {
        return new ChildLine("gpu", null, null, null, g);
    }
}
