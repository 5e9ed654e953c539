package dev.gpudoctor.cli;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.model.ModelFileException;
import dev.gpudoctor.model.ModelInspector;
import dev.gpudoctor.model.ModelReport;
import dev.gpudoctor.report.Report;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Read a model file: an ONNX model, a TensorFlow SavedModel folder (or its saved_model.pb) or a frozen "
                + "GraphDef .pb. Prints ONNX's IR version, opsets, inputs and outputs with types and shapes, operator counts, "
                + "weights and external data (checked on disk); for TensorFlow, the inputs and outputs in name:0 form, the "
                + "signatures, and the python -m tf2onnx.convert command for the file."})
public final class ModelInspectCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE|DIR", description = "The model: a .onnx file, a SavedModel folder, a .pb file.")
    Path model;

    @Option(names = "--tensorrt", paramLabel = "VERSION",
            description = "The TensorRT release the converted model is for (e.g. 10.8): the tf2onnx command then uses the "
                    + "highest opset both it and tf2onnx support.")
    String tensorrt;

    @Mixin
    ModelOutputOptions output;

    @Mixin
    MatrixOptions matrixOptions;

    @ParentCommand
    ModelCommand parent;

    @Override
    public Integer call() {
        // The matrix loads while the file is read.
        dev.gpudoctor.matrix.BundledMatrix.preload();
        output.check();
        Optional<Version> trt = Optional.ofNullable(tensorrt).map(ModelInspectCommand::version);
        ModelInspector.Inspection i = inspect(model, matrix(matrixOptions), trt);
        ModelReport report = report(i.model(), null, i.findings());
        return output.print(parent.rt, report);
    }

    static ModelInspector.Inspection inspect(Path model, Matrix matrix, Optional<Version> trt) {
        try {
            return ModelInspector.inspect(model, matrix, trt);
        } catch (ModelFileException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, e.getMessage(), e);
        }
    }

    /** The matrix in use (as check's: bundled, installed by matrix update, or --matrix DIR), or could-not-run. */
    static Matrix matrix(MatrixOptions options) {
        try {
            return options.source().get();
        } catch (MatrixException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "the compatibility matrix is broken:\n" + e.getMessage(), e);
        }
    }

    static Version version(String s) {
        return Version.parse(s.strip()).orElseThrow(() -> new UserError(ExitCode.USAGE,
                "--tensorrt " + s + ": not a version (digits and dots, like 10.8)"));
    }

    static ModelReport report(ModelReport.Model model, List<ModelReport.TensorrtTarget> targets, List<Finding> findings) {
        List<Finding> sorted = new ArrayList<>(findings);
        sorted.sort(java.util.Comparator.comparing(Finding::severity));
        return new ModelReport(ModelReport.SCHEMA_VERSION, new Report.Tool("gpu-doctor", BuildInfo.version()),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), model, targets, sorted);
    }
}
