package dev.gpudoctor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** The compatibility matrix: validate it, show it, look things up in it. */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Validate, show and query the compatibility matrix (driver, CUDA, cuDNN, GPUs, frameworks).",
        subcommands = {MatrixValidateCommand.class, MatrixShowCommand.class, MatrixLookupCommand.class,
            MatrixStatusCommand.class, MatrixUpdateCommand.class, MatrixPublishCommand.class})
public final class MatrixCommand implements Callable<Integer> {

    final Runtime rt;

    MatrixCommand(Runtime rt) {
        this.rt = rt;
    }

    @Override
    public Integer call() {
        throw new UserError(ExitCode.USAGE, "matrix needs a subcommand: validate, show or lookup (see 'gpu-doctor matrix --help')");
    }
}
