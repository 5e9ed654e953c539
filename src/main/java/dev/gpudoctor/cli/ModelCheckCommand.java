package dev.gpudoctor.cli;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.host.MemoizedHost;
import dev.gpudoctor.host.bundle.BundleManifest;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.model.HostTensorrt;
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
            "Exit code 1 when an operator or the opset is not supported, or nothing could be checked."})
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

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default) or json (schema: docs/model.schema.json).")
    String format;

    @Option(names = {"-v", "--verbose"}, description = "Show every operator, the findings' explanations and the sources.")
    boolean verbose;

    @Mixin
    MatrixOptions matrixOptions;

    @ParentCommand
    ModelCommand parent;

    @Override
    public Integer call() {
        dev.gpudoctor.matrix.BundledMatrix.preload();
        boolean json = OutputFormats.textOrJson(format);
        if (!tensorrt.isEmpty() && source != null && (source.root != null || source.from != null)) {
            throw new UserError(ExitCode.USAGE, "give --tensorrt or a host to examine (--root, --from), not both");
        }
        List<Version> given = tensorrt.stream().map(ModelInspectCommand::version).toList();
        Matrix matrix = ModelInspectCommand.matrix(matrixOptions);
        ModelInspector.Inspection i = ModelInspectCommand.inspect(model, matrix, Optional.empty());
        if (i.id().kind() != ModelKind.ONNX) {
            throw new UserError(ExitCode.COULD_NOT_RUN, model + " is " + i.id().kind().withArticle() + ", not an ONNX model: model check"
                    + " reads ONNX; 'gpu-doctor model inspect " + model + "' prints the tf2onnx command that converts it");
        }
        List<TensorrtChecks.Target> targets = new ArrayList<>();
        String why = null;
        if (!given.isEmpty()) {
            given.forEach(v -> targets.add(new TensorrtChecks.Target(v, "--tensorrt " + v)));
        } else {
            HostFound found = hostTensorrt();
            targets.addAll(found.targets());
            why = found.why();
        }
        TensorrtChecks.Result r = TensorrtChecks.check(i.onnx(), matrix, targets, model.toString(), why);
        List<Finding> findings = new ArrayList<>(i.findings());
        findings.addAll(r.findings());
        return ModelInspectCommand.print(parent.rt, ModelInspectCommand.report(i.model(), r.targets(), findings), json, verbose);
    }

    private record HostFound(List<TensorrtChecks.Target> targets, String why) {
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
                return new HostFound(List.of(), "the TensorRT probe did not complete on " + open.host().description() + ": " + detail);
            }
            return new HostFound(HostTensorrt.targets(dnn, open.host().description()),
                    HostTensorrt.whyNone(dnn) + " [" + open.host().description() + "]");
        }
    }
}
