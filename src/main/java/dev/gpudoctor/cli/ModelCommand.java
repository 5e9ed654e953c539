package dev.gpudoctor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Model files: what they hold, how to convert them, whether TensorRT can import them. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Read ONNX and TensorFlow model files (no TensorFlow or Python needed): inputs, outputs, opsets, "
                + "operators, the tf2onnx command, and which TensorRT releases import them.",
        subcommands = {ModelInspectCommand.class, ModelCheckCommand.class})
public final class ModelCommand implements Callable<Integer> {

    final Runtime rt;

    ModelCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        throw new UserError(ExitCode.USAGE, "model needs a subcommand: inspect or check (see 'gpu-doctor model --help')");
    }
}
