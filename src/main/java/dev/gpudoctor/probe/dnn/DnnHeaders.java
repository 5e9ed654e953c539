package dev.gpudoctor.probe.dnn;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.probe.cuda.HeaderDefines;

/** The version macros of cuDNN's, TensorRT's and NCCL's headers. */
public final class DnnHeaders {

    private DnnHeaders() {
    }

    /** cudnn_version.h (cuDNN 8+) or cudnn.h (7.x): CUDNN_MAJOR, CUDNN_MINOR, CUDNN_PATCHLEVEL. */
    public static Fact<Version> cudnn(String text) {
        return triple(HeaderDefines.parse(text), "CUDNN_MAJOR", "CUDNN_MINOR", "CUDNN_PATCHLEVEL");
    }

    /**
     * NvInferVersion.h: NV_TENSORRT_MAJOR/MINOR/PATCH, numeric up to 8.x; TensorRT 10 defines them
     * as TRT_MAJOR_ENTERPRISE etc., which HeaderDefines follows.
     */
    public static Fact<Version> tensorrt(String text) {
        HeaderDefines d = HeaderDefines.parse(text);
        Fact<Version> nv = triple(d, "NV_TENSORRT_MAJOR", "NV_TENSORRT_MINOR", "NV_TENSORRT_PATCH");
        if (nv.isFound()) {
            return nv;
        }
        Fact<Version> enterprise = triple(d, "TRT_MAJOR_ENTERPRISE", "TRT_MINOR_ENTERPRISE", "TRT_PATCH_ENTERPRISE");
        return enterprise.isFound() ? enterprise : nv;
    }

    /** nccl.h: NCCL_MAJOR, NCCL_MINOR, NCCL_PATCH. */
    public static Fact<Version> nccl(String text) {
        return triple(HeaderDefines.parse(text), "NCCL_MAJOR", "NCCL_MINOR", "NCCL_PATCH");
    }

    private static Fact<Version> triple(HeaderDefines d, String major, String minor, String patch) {
        var a = d.number(major);
        var b = d.number(minor);
        var c = d.number(patch);
        if (a.isEmpty() || b.isEmpty() || c.isEmpty()) {
            return Fact.failed("no numeric " + major + "/" + minor + "/" + patch);
        }
        return Fact.found(Version.of(a.get() + "." + b.get() + "." + c.get()));
    }
}
