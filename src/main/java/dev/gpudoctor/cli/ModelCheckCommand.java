package dev.gpudoctor.cli;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.host.MemoizedHost;
import dev.gpudoctor.host.bundle.BundleManifest;
import dev.gpudoctor.host.live.LiveHost;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.model.HostTensorrt;
import dev.gpudoctor.model.ModelBuild;
import dev.gpudoctor.model.ModelInspector;
import dev.gpudoctor.model.ModelKind;
import dev.gpudoctor.model.ModelReport;
import dev.gpudoctor.model.TensorrtChecks;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.ProbeRun;
import dev.gpudoctor.probe.ProbeRunner;
import dev.gpudoctor.probe.dnn.DnnProbe;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check an ONNX model against the TensorRT releases installed on this machine (or a mounted root, or a "
                + "captured bundle), or against --tensorrt VERSION: the opset and every operator, looked up in the ONNX "
                + "operator table of each release (compat-matrix/tensorrt-onnx.yaml, from onnx-tensorrt's operators.md).",
            "With --build, the model is also built into a TensorRT engine on this machine (trtexec, else the tensorrt Python "
                + "module) and the builder's answer reported.",
            "Exit code 1 when an operator or the opset is not supported, the build fails, or nothing could be checked."})
public final class ModelCheckCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE.onnx", description = "The ONNX model.")
    Path model;

    @Option(names = "--tensorrt", paramLabel = "VERSION",
            description = "Check against this TensorRT release (e.g. 10.8; repeatable) instead of those found on the host.")
    List<String> tensorrt = new ArrayList<>();

    /** check's --root and --from, declared again: picocli's processor does not share one group between commands. */
    static final class Host {
        @Option(names = "--root", paramLabel = "DIR",
                description = "Look for TensorRT in the file system mounted at DIR (an image, a container's root) instead of "
                        + "this machine.")
        Path root;

        @Option(names = "--from", paramLabel = "BUNDLE", description = "Look for TensorRT in a bundle written by 'gpu-doctor capture'.")
        Path from;
    }

    @ArgGroup(exclusive = true)
    Host source;

    @Option(names = "--python", paramLabel = "PATH",
            description = "Also look for TensorRT wheels in this Python interpreter's environment (repeatable).")
    List<String> pythons = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Deadline for finding TensorRT on the host (default: ${DEFAULT-VALUE}).")
    double timeoutSeconds;

    @Mixin
    ModelOutputOptions output;

    @Option(names = "--build", description = "Also build the model into an engine with this machine's TensorRT and GPU, "
            + "through the first route validate would use (trtexec, else the tensorrt Python module).")
    boolean build;

    @Option(names = "--precision", paramLabel = "fp32|fp16|int8", defaultValue = "fp32",
            description = "The engine's precision for --build (default: ${DEFAULT-VALUE}).")
    String precision;

    @Option(names = "--build-timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "Deadline for --build, finding the route included (default: ${DEFAULT-VALUE}).")
    double buildTimeoutSeconds;

    @Option(names = "--save-engine", paramLabel = "PLAN",
            description = "Keep the engine --build made in this file (otherwise it is deleted with its temporary folder).")
    Path saveEngine;

    @Mixin
    MatrixOptions matrixOptions;

    @ParentCommand
    ModelCommand parent;

    @Override
    public Integer call() {
        dev.gpudoctor.matrix.BundledMatrix.preload();
        output.check();
        if (!tensorrt.isEmpty() && source != null && (source.root != null || source.from != null)) {
            throw new UserError(ExitCode.USAGE, "give --tensorrt or a host to examine (--root, --from), not both");
        }
        checkBuildOptions();
        List<Version> given = tensorrt.stream().map(ModelInspectCommand::version).toList();
        Matrix matrix = ModelInspectCommand.matrix(matrixOptions);
        ModelInspector.Inspection i = ModelInspectCommand.inspect(model, matrix, Optional.empty());
        if (i.id().kind() != ModelKind.ONNX) {
            throw new UserError(ExitCode.COULD_NOT_RUN, model + " is " + i.id().kind().withArticle() + ", not an ONNX model: model check"
                    + " reads ONNX; 'gpu-doctor model inspect " + model + "' prints the tf2onnx command that converts it");
        }
        List<TensorrtChecks.Target> targets = new ArrayList<>();
        String why = null;
        HostFound found = null;
        if (!given.isEmpty()) {
            given.forEach(v -> targets.add(new TensorrtChecks.Target(v, "--tensorrt " + v)));
        } else {
            found = hostTensorrt();
            targets.addAll(found.targets());
            why = found.why();
        }
        TensorrtChecks.Result r = TensorrtChecks.check(i.onnx(), matrix, targets, model.toString(), why);
        List<Finding> findings = new ArrayList<>(i.findings());
        findings.addAll(r.findings());
        ModelReport.Build built = null;
        if (build) {
            ModelReport.Onnx onnx = i.model().onnx();
            ModelBuild.Request req = new ModelBuild.Request(LiveHost.thisMachine(parent.rt.environment()), model,
                    model.toString(), precision, saveEngine, Duration.ofMillis(Math.round(buildTimeoutSeconds * 1000)),
                    found == null ? null : found.libnvinfer(), found == null ? null : found.version(), pythons,
                    onnx == null ? List.of() : onnx.inputs(), onnx == null ? List.of() : onnx.outputs(), r.findings());
            built = ModelBuild.run(req, call -> { });
            Optional<Version> reported = built.tensorrt() == null ? Optional.empty() : Version.parse(built.tensorrt());
            if (targets.isEmpty() && reported.isPresent()) {
                // The probe found no copy (a container's TensorRT outside the places it reads, say), but the route ran
                // one: its version is the host's, and the table check is answered for it instead of "not found".
                r = TensorrtChecks.check(i.onnx(), matrix, List.of(new TensorrtChecks.Target(reported.get(), "TensorRT "
                        + reported.get() + " as the " + built.route() + " route (" + built.tool() + ") reports it")),
                        model.toString(), why);
                findings = new ArrayList<>(i.findings());
                findings.addAll(r.findings());
                req = req.withTableFindings(r.findings());
            }
            findings.add(ModelBuild.finding(req, built));
        }
        ModelReport base = ModelInspectCommand.report(i.model(), r.targets(), findings);
        ModelReport report = new ModelReport(base.schemaVersion(), base.tool(), base.generatedAt(), base.model(), base.tensorrt(),
                built, base.findings());
        return output.print(parent.rt, report);
    }

    /**
     * --build needs this machine's TensorRT and GPU: a mounted root's or a bundle's TensorRT cannot run here, and
     * --tensorrt names a release, not a copy to run.
     */
    private void checkBuildOptions() {
        if (!build) {
            if (saveEngine != null) {
                throw new UserError(ExitCode.USAGE, "--save-engine keeps the engine --build makes: give --build too");
            }
            return;
        }
        if (source != null && (source.root != null || source.from != null)) {
            throw new UserError(ExitCode.USAGE, "--build cannot be combined with " + (source.root != null ? "--root" : "--from")
                    + ": building needs this machine's TensorRT and GPU, not those of " + (source.root != null
                    ? "a mounted file system" : "a captured bundle"));
        }
        if (!tensorrt.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "--build cannot be combined with --tensorrt: building needs this machine's "
                    + "TensorRT and GPU, and --tensorrt names a release to look up in the tables, not a copy to run");
        }
        if (!ModelBuild.PRECISIONS.contains(precision)) {
            throw new UserError(ExitCode.USAGE, "--precision " + precision + ": one of " + String.join(", ", ModelBuild.PRECISIONS));
        }
        if (!(buildTimeoutSeconds > 0 && buildTimeoutSeconds <= 86400)) {
            throw new UserError(ExitCode.USAGE, "--build-timeout must be more than 0 and at most 86400 seconds");
        }
    }

    /**
     * @param libnvinfer a TensorRT library of the host (for --build: a tar install's trtexec lies beside it), or null
     */
    private record HostFound(List<TensorrtChecks.Target> targets, String why, String libnvinfer, String version) {
    }

    /**
     * The TensorRT copies of the host, found by the same probe as check's (through the host ports, so
     * that --root and --from work), run alone: model check needs nothing else of the host.
     */
    private HostFound hostTensorrt() {
        HostOptions h = new HostOptions();
        if (source != null) {
            h.source = new HostOptions.Source();
            h.source.root = source.root;
            h.source.from = source.from;
        }
        h.pythons = new ArrayList<>(pythons);
        h.timeoutSeconds = timeoutSeconds;
        try (OpenHost open = h.open(parent.rt)) {
            BundleManifest.Asked asked = h.asked(open.host());
            Duration deadline = Duration.ofMillis(Math.round(timeoutSeconds * 1000));
            DnnProbe probe = new DnnProbe();
            ProbeRunner.Outcome o = new ProbeRunner(List.of(probe), deadline)
                    .run(new ProbeContext(new MemoizedHost(open.host()), asked.pythons(), asked.pids(), false, deadline));
            DnnFacts dnn = (DnnFacts) o.sections().get(probe.name());
            if (dnn == null) {
                String detail = o.runs().stream().map(ProbeRun::why).filter(java.util.Objects::nonNull).findFirst().orElse("no answer");
                return new HostFound(List.of(), "the TensorRT probe did not complete on " + open.host().description() + ": " + detail,
                        null, null);
            }
            List<TensorrtChecks.Target> targets = HostTensorrt.targets(dnn, open.host().description());
            return new HostFound(targets, HostTensorrt.whyNone(dnn) + " [" + open.host().description() + "]",
                    HostTensorrt.libraryDir(dnn).map(d -> d + "/libnvinfer.so").orElse(null),
                    targets.isEmpty() ? null : targets.get(0).version().toString());
        }
    }
}
