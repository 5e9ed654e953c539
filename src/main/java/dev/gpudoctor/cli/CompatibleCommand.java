package dev.gpudoctor.cli;

import dev.gpudoctor.diagnosis.compatible.Compatibility;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixSource;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "compatible", mixinStandardHelpOptions = true,
        description = "List the CUDA toolkits, PyTorch builds, TensorFlow releases and NGC images this host's driver "
                + "and GPUs can run, from the compatibility matrix (each with its source).")
public final class CompatibleCommand implements Callable<Integer> {

    static final int SHORT_LIST = 8;

    @Mixin
    HostOptions hostOptions;

    @Mixin
    MatrixOptions matrixOption;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json.")
    String format;

    @Option(names = {"-v", "--verbose"}, description = "List everything, with the matrix line of each item.")
    boolean verbose;

    private final Runtime rt;

    CompatibleCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        dev.gpudoctor.matrix.BundledMatrix.preload();
        boolean json = OutputFormats.textOrJson(format);
        MatrixSource source = matrixOption.source();
        try (OpenHost open = hostOptions.open(rt)) {
            Examination.Result result = hostOptions.examine(open, open.host());
            Compatibility.Result c;
            try {
                c = Compatibility.of(result.facts(), source.get());
            } catch (MatrixException e) {
                throw new UserError(ExitCode.COULD_NOT_RUN, "the compatibility matrix could not be read:\n" + e.getMessage(), e);
            }
            rt.out().print(json ? Json.write(c) + "\n" : text(open.host().description(), c));
            rt.out().flush();
            return c.driver() == null ? ExitCode.PROBLEMS.code() : ExitCode.OK.code();
        }
    }

    private String text(String host, Compatibility.Result c) {
        StringBuilder b = new StringBuilder("gpu-doctor compatible - ").append(host).append("\n\n");
        if (c.driver() != null) {
            b.append("Driver ").append(c.driver()).append(c.cudaCeiling() == null ? "" : ", supports CUDA up to " + c.cudaCeiling())
                    .append('\n');
        }
        c.gpus().forEach(g -> b.append("GPU ").append(g).append('\n'));
        c.notes().forEach(n -> b.append("Note: ").append(n).append('\n'));
        section(b, "CUDA toolkits", c.toolkits());
        section(b, "PyTorch builds", c.pytorch());
        section(b, "TensorFlow releases", c.tensorflow());
        section(b, "NGC images", c.ngc());
        return b.toString();
    }

    private void section(StringBuilder b, String title, List<Compatibility.Item> items) {
        if (items.isEmpty()) {
            return;
        }
        b.append('\n').append(title).append(" (newest first):\n");
        int shown = 0;
        for (Compatibility.Item i : items) {
            if (!verbose && shown == SHORT_LIST) {
                b.append("  ... ").append(items.size() - SHORT_LIST).append(" more (-v lists them)\n");
                break;
            }
            b.append(String.format("  %-34s %-30s", i.name(), switch (i.way()) {
                case NATIVE -> "runs";
                case MINOR_VERSION_COMPATIBILITY -> "runs (minor version compat.)";
                case FORWARD_COMPATIBILITY -> "runs (forward compatibility)";
            }));
            if (i.detail() != null) {
                b.append(' ').append(i.detail());
            }
            b.append('\n');
            if (verbose) {
                b.append("      source: ").append(i.source()).append('\n');
            }
            shown++;
        }
    }
}
