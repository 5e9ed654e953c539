package dev.gpudoctor.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.Cited;
import dev.gpudoctor.matrix.DriverBranch;
import dev.gpudoctor.matrix.GpuModel;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.Subject;
import dev.gpudoctor.report.Json;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "lookup", mixinStandardHelpOptions = true,
        description = {"The matrix entries about one thing, each with its line and source. Examples:",
            "  gpu-doctor matrix lookup cuda 12.4", "  gpu-doctor matrix lookup gpu \"RTX 3090\"",
            "  gpu-doctor matrix lookup driver 535.104.05", "  gpu-doctor matrix lookup cudnn 9.1",
            "  gpu-doctor matrix lookup torch 2.5.1",
            "Exit 0 when something matches, 1 when nothing does."})
public final class MatrixLookupCommand implements Callable<Integer> {

    enum Kind { cuda, gpu, driver, cudnn, tensorrt, torch, tensorflow }

    /** One record found, with the subject file it comes from. */
    record Match(Subject subject, String section, Cited record) {
    }

    @Parameters(index = "0", paramLabel = "KIND", description = "cuda, gpu, driver, cudnn, tensorrt, torch or tensorflow.")
    Kind kind;

    @Parameters(index = "1", paramLabel = "VALUE",
            description = "A version (12.4, 535.104.05, 2.5.1), or for gpu an nvidia-smi name or a PCI device id (0x2330).")
    String value;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    MatrixEntryOutput.Format format;

    @Mixin
    MatrixOptions matrixOptions;

    @ParentCommand
    MatrixCommand parent;

    @Override
    public Integer call() {
        Optional<Version> version = Version.parse(value);
        if (kind != Kind.gpu && version.isEmpty()) {
            throw new UserError(ExitCode.USAGE, "'" + value + "' is not a version (like 12.4 or 535.104.05)");
        }
        Matrix m = matrixOptions.load();
        List<Match> found = kind == Kind.gpu ? gpu(m) : byVersion(m, version.get());
        PrintWriter out = parent.rt.out();
        if (format == MatrixEntryOutput.Format.json) {
            ObjectNode o = Json.mapper().createObjectNode();
            o.put("kind", kind.name());
            o.put("query", value);
            o.put("matrixVersion", m.matrixVersion());
            ArrayNode matches = o.putArray("matches");
            found.forEach(f -> matches.add(MatrixEntryOutput.json(m, f.subject(), f.section(), f.record())));
            out.println(Json.write(o));
        } else if (!found.isEmpty()) {
            out.println(kind + " " + value + " (matrix " + m.matrixVersion() + "):");
            found.forEach(f -> MatrixEntryOutput.text(out, f.record()));
        }
        out.flush();
        if (found.isEmpty()) {
            parent.rt.err().println("gpu-doctor: no entry of the matrix matches " + kind + " " + value);
            parent.rt.err().flush();
            return ExitCode.PROBLEMS.code();
        }
        return ExitCode.OK.code();
    }

    private List<Match> gpu(Matrix m) {
        List<Match> out = new ArrayList<>();
        List<GpuModel> gpus = value.matches("(?i)(0x|10de:)?[0-9a-f]{4}") ? m.lookupGpuByPciId(value)
                : m.lookupGpu(value).map(List::of).orElse(List.of());
        for (GpuModel g : gpus) {
            out.add(new Match(Subject.GPUS, "entries", g));
            m.lastBranchFor(g.computeCapability())
                    .ifPresent(l -> out.add(new Match(Subject.DRIVER_BRANCHES, "lastBranchPerArchitecture", l)));
        }
        return out;
    }

    private List<Match> byVersion(Matrix m, Version v) {
        List<Match> out = new ArrayList<>();
        switch (kind) {
            case cuda -> {
                m.cudaToolkits().stream().filter(t -> t.version().startsWith(v))
                        .forEach(t -> out.add(new Match(Subject.CUDA_TOOLKIT, "entries", t)));
                if (!out.isEmpty()) {
                    m.minorVersionCompatFor(v).ifPresent(c -> out.add(new Match(Subject.CUDA_TOOLKIT, "minorVersionCompatibility", c)));
                    m.architectures().stream().filter(a -> a.toolkit().equals(v.prefix(2)))
                            .forEach(a -> out.add(new Match(Subject.CUDA_TOOLKIT, "architectures", a)));
                    m.driverBranches().stream().filter(b -> b.cudaCeiling().map(c -> c.equals(v.prefix(2))).orElse(false))
                            .forEach(b -> out.add(new Match(Subject.DRIVER_BRANCHES, "entries", b)));
                    m.forwardCompat().packageFor(v).ifPresent(p -> out.add(new Match(Subject.FORWARD_COMPAT, "entries", p)));
                }
            }
            case driver -> m.driverBranchOf(v).ifPresent(b -> {
                out.add(new Match(Subject.DRIVER_BRANCHES, "entries", b));
                driverContext(m, b, out);
            });
            case cudnn -> m.cudnnReleases(v).forEach(c -> out.add(new Match(Subject.CUDNN, "entries", c)));
            case tensorrt -> {
                m.tensorrtReleases(v).forEach(t -> out.add(new Match(Subject.TENSORRT, "entries", t)));
                m.tensorrtOnnx().stream().filter(t -> t.tensorrt().startsWith(v) || v.startsWith(t.tensorrt()))
                        .forEach(t -> out.add(new Match(Subject.TENSORRT_ONNX, "entries", t)));
            }
            case torch -> m.pytorchFor(v).ifPresent(p -> out.add(new Match(Subject.PYTORCH, "entries", p)));
            case tensorflow -> m.tensorflowFor(v).ifPresent(t -> out.add(new Match(Subject.TENSORFLOW, "entries", t)));
            default -> throw new IllegalStateException("gpu is looked up by name");
        }
        return out;
    }

    /** What else the matrix says about a branch: the CUDA majors it runs by minor version compatibility, its last GPUs. */
    private static void driverContext(Matrix m, DriverBranch b, List<Match> out) {
        m.minorVersionCompatibility().stream().filter(c -> c.coversBranch(b.branch()))
                .forEach(c -> out.add(new Match(Subject.CUDA_TOOLKIT, "minorVersionCompatibility", c)));
        m.lastBranchPerArchitecture().stream().filter(l -> l.lastBranch() == b.branch())
                .forEach(l -> out.add(new Match(Subject.DRIVER_BRANCHES, "lastBranchPerArchitecture", l)));
    }
}
