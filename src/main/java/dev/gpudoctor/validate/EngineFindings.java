package dev.gpudoctor.validate;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The findings of step 7 (codes in docs/findings.md): each precision's error and speed on this GPU
 * as information; a build or a run that fails as an error with the route's own words and a fix for
 * the case; a wrong engine result as {@code validate.wrong-result}; and for validate --engine whether
 * the plan loads here, and if not, why and what to do.
 */
final class EngineFindings {

    static final String VERSION_DOC = "https://docs.nvidia.com/deeplearning/tensorrt/latest/inference-library/advanced.html";
    static final String INSTALL_DOC = "https://docs.nvidia.com/deeplearning/tensorrt/latest/installing-tensorrt/installing.html";

    private final InstallPlans plans;

    EngineFindings(InstallPlans plans) {
        this.plans = plans;
    }

    List<Finding> of(StepResult s, Ladder ladder) {
        EngineReport e = ladder.engine();
        List<Finding> out = new ArrayList<>();
        if (e != null && "plan".equals(e.mode()) && e.plan() != null) {
            out.addAll(plan(s, e, ladder));
            return out;
        }
        if (s.result() == Outcome.NOT_INSTALLED) {
            StepResult trt = ladder.step(Step.TENSORRT);
            if (trt.result() != Outcome.NOT_INSTALLED) {
                out.add(noRoute(s));
            }
            return out;
        }
        if (e == null) {
            return out;
        }
        String gpu = ladder.gpu() == null ? "this GPU" : ladder.gpu().name();
        List<EngineReport.PrecisionResult> passed = new ArrayList<>();
        for (EngineReport.PrecisionResult r : e.precisions()) {
            if (r.result() == Outcome.PASSED) {
                passed.add(r);
            } else if (r.result() == Outcome.FAILED && r.error() == null) {
                Check c = s.checks().stream().filter(x -> x.name().startsWith(r.precision().toUpperCase(Locale.ROOT) + " "))
                        .findFirst().orElse(null);
                if (c != null) {
                    out.add(ValidationFindings.wrong(s, c, ladder.gpu(), ""));
                }
            } else if (r.result().isFailure()) {
                out.add(failed(s, e, r));
            }
        }
        if (!passed.isEmpty()) {
            out.add(precisions(s, e, passed, gpu));
        }
        return out;
    }

    private static Finding precisions(StepResult s, EngineReport e, List<EngineReport.PrecisionResult> passed, String gpu) {
        List<String> parts = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        for (EngineReport.PrecisionResult r : passed) {
            String p = r.precision().toUpperCase(Locale.ROOT);
            parts.add(p + " max abs error " + ValidationFindings.sci(r.maxAbsError()) + (r.maxAbsErrorVsFp32() == null ? ""
                    : " (" + ValidationFindings.sci(r.maxAbsErrorVsFp32()) + " against FP32)"));
            evidence.add(p + ": " + (r.buildMs() == null ? "" : "built in " + EngineStep.ms(r.buildMs()) + ", ")
                    + (r.latency() == null || r.latency().median() == null ? "" : "median latency "
                    + EngineStep.ms(r.latency().median()) + ", ")
                    + (r.throughputQps() == null ? "" : Math.round(r.throughputQps()) + " inferences/s, ")
                    + "max abs error " + ValidationFindings.sci(r.maxAbsError()) + ", max relative error "
                    + ValidationFindings.sci(r.maxRelError()) + " (tolerance " + ValidationFindings.sci(r.tolerance()) + ")"
                    + (r.cosine() == null ? "" : String.format(Locale.ROOT, ", cosine similarity %.6f", r.cosine()))
                    + (r.maxAbsErrorVsFp32() == null ? "" : "; against the float network " + ValidationFindings.sci(
                    r.maxAbsErrorVsFp32()) + (r.cosineVsFp32() == null ? "" : String.format(Locale.ROOT, ", cosine %.6f",
                    r.cosineVsFp32())))
                    + (r.plan() == null ? "" : "; plan " + r.plan()));
        }
        evidence.add("route " + e.route() + ": " + e.tool() + (e.tensorrtVersion() == null ? "" : " (TensorRT "
                + e.tensorrtVersion() + ")"));
        return new Finding(ValidationFindings.ENGINE_PRECISION, Severity.INFO, s.title(), "TensorRT engines on " + gpu + ": "
                + String.join(", ", parts),
                "What each precision costs on this GPU and TensorRT: gpu-doctor's test network (conv, ReLU, max pooling, "
                        + "GEMM) built, saved, reloaded from its plan and run on a fixed batch, against a double-precision CPU "
                        + "reference (INT8: against the same network with the model's Q/DQ quantization, and against the float "
                        + "network for what quantization costs). Errors are of outputs of order one.",
                evidence, List.of());
    }

    private Finding failed(StepResult s, EngineReport e, EngineReport.PrecisionResult r) {
        String p = r.precision() == null ? "plan" : r.precision().toUpperCase(Locale.ROOT);
        NativeError err = r.error();
        String kind = err == null ? null : err.name();
        boolean build = err != null && err.call().contains(" build ");
        String title = r.result() == Outcome.TIMED_OUT
                ? "The TensorRT " + p + " engine " + (build ? "build" : "run") + " did not finish (" + e.route() + ")"
                : "TensorRT cannot " + (build ? "build" : "run") + " the " + p + " test engine (" + e.route() + ")";
        String message = err == null || err.message() == null ? "" : err.message().lines().findFirst().orElse("");
        List<String> evidence = new ArrayList<>();
        evidence.add("step " + s.number() + ": " + s.summary());
        r.commands().forEach(c -> evidence.add("ran " + c));
        if (err != null && err.message() != null) {
            evidence.add(err.message().strip());
        }
        String explanation;
        Fix fix;
        if (r.result() == Outcome.TIMED_OUT) {
            explanation = "The " + e.route() + " process ran past what was left of the step's deadline and was killed. "
                    + "TensorRT loads its builder kernel library (gigabytes) before building; a cold disk or a loaded machine "
                    + "makes that slow, and a GPU in a bad state makes calls hang.";
            fix = Fix.advice("Check dmesg for Xid errors and nvidia-smi for the GPU's state; if the machine is only slow, run "
                    + "again with a longer --step-timeout.", null);
        } else if ("ONNX_PARSE".equals(kind)) {
            explanation = "TensorRT's ONNX parser refuses gpu-doctor's test network (Conv, Relu, MaxPool, Flatten, Gemm and, "
                    + "for INT8, QuantizeLinear/DequantizeLinear, at opset 13), which every TensorRT 8.6 and later parses: "
                    + message;
            fix = Fix.advice("Reinstall TensorRT's ONNX parser (libnvonnxparsers) of the same release as libnvinfer; a parser "
                    + "of another release than the library it runs with fails this way.", INSTALL_DOC);
        } else {
            explanation = "The " + (build ? "builder" : "runtime") + " failed: " + message + ". The evidence holds the "
                    + "command and the last lines TensorRT wrote.";
            fix = Fix.advice("Run the command in the evidence by hand with --verbose for TensorRT's whole log; check that the "
                    + "driver supports the CUDA version this TensorRT is built for (gpu-doctor check), and reinstall TensorRT if "
                    + "it persists.", INSTALL_DOC);
        }
        return new Finding(ValidationFindings.ENGINE_FAILED, Severity.ERROR, s.title(), title, explanation, evidence,
                List.of(fix));
    }

    private static Finding noRoute(StepResult s) {
        return new Finding(ValidationFindings.NOT_INSTALLED, Severity.INFO, s.title(), "TensorRT is installed but nothing here "
                + "builds an engine: validation step " + s.number() + " had nothing to run",
                s.summary() + ". Step 6 loaded the library; building and running an engine needs trtexec or TensorRT's Python "
                        + "bindings (gpu-doctor does not bundle the JavaCPP presets).",
                List.of("step " + s.number() + ": " + s.summary()),
                List.of(Fix.advice("Install trtexec (Debian/Ubuntu: the libnvinfer-bin package of the same release as libnvinfer, "
                        + "which puts it in /usr/src/tensorrt/bin) or TensorRT's Python bindings (python3-libnvinfer, or pip's "
                        + "tensorrt-cuXX in a Python environment).", INSTALL_DOC)));
    }

    // ------------------------------------------------------------------------------------------------ --engine

    private List<Finding> plan(StepResult s, EngineReport e, Ladder ladder) {
        EngineReport.PlanReport p = e.plan();
        List<Finding> out = new ArrayList<>();
        List<String> evidence = new ArrayList<>();
        evidence.add("plan " + p.path() + (p.size() == null ? "" : " (" + p.size() + " bytes, sha256 " + p.sha256() + ")"));
        if (p.header() != null) {
            evidence.add("header: " + p.header().detail());
        }
        evidence.add(p.sidecar() != null ? "sidecar: built by " + p.sidecar().route() + " with TensorRT "
                + p.sidecar().tensorrtVersion() + " on " + p.sidecar().gpu() + " (compute " + p.sidecar().computeCapability()
                + "), " + p.sidecar().precision() + ", hardware compatibility " + p.sidecar().hardwareCompatibility()
                + ", version-compatible " + p.sidecar().versionCompatible() + ", " + p.sidecar().builtAt()
                : "sidecar: " + p.sidecarNote());
        p.matches().forEach(m -> evidence.add("agrees: " + m));
        if (p.run() != null) {
            p.run().commands().forEach(c -> evidence.add("ran " + c));
        }
        switch (p.verdict()) {
            case "unreadable" -> out.add(new Finding(ValidationFindings.PLAN_UNREADABLE, Severity.ERROR, s.title(),
                    "The plan " + p.path() + " is not a usable TensorRT plan", String.join(" ", p.reasons())
                    + " A TensorRT plan starts with the tag \"ftrt\" and a 28-byte header (as trtexec --getPlanVersionOnly "
                    + "reads it); a file that is cut short or is another kind of file cannot be loaded by any TensorRT.",
                    evidence, List.of(Fix.advice("Copy the plan again and compare its SHA-256 with the original's, or rebuild "
                    + "it from its model.", null))));
            case "will-not-load", "does-not-load" -> out.add(new Finding(ValidationFindings.PLAN_INCOMPATIBLE, Severity.ERROR,
                    s.title(), "The plan " + p.path() + (p.verdict().equals("does-not-load") ? " does not load here"
                    : " will not load here"), String.join(" ", p.reasons()) + (p.verdict().equals("will-not-load")
                    ? " (No route could try loading it; this follows from its header and sidecar.)" : ""), evidence,
                    fixes(s, p, ladder)));
            case "loads" -> {
                EngineReport.PlanReport q = p;
                if (q.run() != null && q.run().result() == Outcome.FAILED && q.run().error() == null && !s.checks().isEmpty()) {
                    out.add(ValidationFindings.wrong(s, s.checks().get(0), ladder.gpu(), ""));
                } else {
                    out.add(loads(s, q, e, evidence));
                }
            }
            default -> {
                if (s.result() == Outcome.NOT_INSTALLED && ladder.step(Step.TENSORRT).result() != Outcome.NOT_INSTALLED) {
                    out.add(noRoute(s));
                }
            }
        }
        return out;
    }

    private static Finding loads(StepResult s, EngineReport.PlanReport p, EngineReport e, List<String> evidence) {
        EngineReport.PrecisionResult r = p.run();
        List<String> ev = new ArrayList<>(evidence);
        if (r != null && r.latency() != null && r.latency().median() != null) {
            ev.add("median latency " + EngineStep.ms(r.latency().median()) + (r.throughputQps() == null ? ""
                    : ", " + Math.round(r.throughputQps()) + " inferences/s"));
        }
        if (r != null && r.maxAbsError() != null) {
            ev.add("max abs error " + ValidationFindings.sci(r.maxAbsError()) + " against the CPU reference (tolerance "
                    + ValidationFindings.sci(r.tolerance()) + " relative)");
        }
        p.reasons().forEach(x -> ev.add("note: " + x));
        return new Finding(ValidationFindings.PLAN_LOADS, Severity.INFO, s.title(), "The plan " + p.path() + " loads and runs "
                + "here (TensorRT " + (e.tensorrtVersion() == null ? "?" : e.tensorrtVersion()) + ", " + e.route() + ")",
                "TensorRT deserialized the plan on this GPU and ran it" + (r != null && r.maxAbsError() != null
                        ? " on gpu-doctor's fixed input, within the tolerance of its precision" : "") + ".", ev, List.of());
    }

    private List<Fix> fixes(StepResult s, EngineReport.PlanReport p, Ladder ladder) {
        List<Fix> out = new ArrayList<>();
        String failure = p.run() == null || p.run().error() == null ? null : p.run().error().name();
        String all = String.join(" ", p.reasons());
        boolean gpu = "DEVICE_MISMATCH".equals(failure) || all.contains("compute capability it was built for")
                || all.contains("covers Ampere and later");
        boolean version = "VERSION_MISMATCH".equals(failure) || all.contains("runs only on the TensorRT release")
                || all.contains("same or later releases");
        boolean missing = all.contains("this host has no TensorRT");
        if (gpu) {
            out.add(Fix.advice("Rebuild the plan on this GPU (trtexec --onnx=MODEL --saveEngine=PLAN here; gpu-doctor validate "
                    + "--save-engines DIR builds its test network), or build it with --hardwareCompatibilityLevel=ampere+ "
                    + "(IBuilderConfig::setHardwareCompatibilityLevel) so that it runs on any Ampere or later GPU (compute "
                    + "capability 8.0 and up).", VERSION_DOC));
        }
        if (version) {
            String built = p.header() != null && p.header().version() != null ? p.header().version()
                    : p.sidecar() == null ? null : p.sidecar().tensorrtVersion();
            String target = built == null ? "X.Y" : Version.parse(built).map(v -> v.prefix(2).toString()).orElse("X.Y");
            out.add(Fix.advice("Load it with the TensorRT release that built it" + (built == null ? "" : " (" + built + ")")
                    + " (gpu-doctor plan --target tensorrt=" + target + " gives the steps), or rebuild it with this host's "
                    + "TensorRT, with --versionCompatible so that later releases load it too.", VERSION_DOC));
        }
        if (missing) {
            GpuInfo g = ladder.gpu();
            Optional<Version> cuda = g == null || g.driverCuda() == null ? Optional.empty() : Version.parse(g.driverCuda());
            out.add(cuda.map(v -> plans.tensorrt(v.major())).orElse(Fix.advice("Install TensorRT.", INSTALL_DOC)));
        }
        if (out.isEmpty()) {
            out.add(Fix.advice("Run the command in the evidence by hand with --verbose for TensorRT's whole log, or rebuild the "
                    + "plan on this host.", VERSION_DOC));
        }
        return out;
    }
}
