package dev.gpudoctor.cli;

import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.update.MatrixIndex;
import dev.gpudoctor.matrix.update.MatrixPublisher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "publish", mixinStandardHelpOptions = true,
        description = "Build a publishable matrix from a compat-matrix/ folder (validated first): its YAML files and an "
                + "index.json with each file's size and SHA-256, for a web server or a file:// mirror (docs/matrix-publishing.md).")
public final class MatrixPublishCommand implements Callable<Integer> {

    @Option(names = "--from", paramLabel = "DIR", required = true, description = "The compat-matrix/ folder to publish.")
    Path from;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", required = true, description = "A new (or empty) folder to write.")
    Path output;

    @ParentCommand
    MatrixCommand parent;

    @Override
    public Integer call() {
        try {
            MatrixIndex index = MatrixPublisher.publish(from, output);
            parent.rt.out().println("Published matrix " + index.matrixVersion() + " (" + index.files().size() + " files) into "
                    + output + ": serve that folder, then gpu-doctor matrix update --url <its URL>");
            parent.rt.out().flush();
            return ExitCode.OK.code();
        } catch (MatrixException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "the matrix at " + from + " is broken:\n" + e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError(ExitCode.COULD_NOT_RUN, "cannot publish into " + output + ": " + e.getMessage(), e);
        }
    }
}
