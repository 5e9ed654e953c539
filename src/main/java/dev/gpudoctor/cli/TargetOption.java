package dev.gpudoctor.cli;

import dev.gpudoctor.fix.Target;
import picocli.CommandLine.Option;

/** --target of plan and install. */
public final class TargetOption {

    @Option(names = "--target", paramLabel = "TARGET", required = true,
            description = "What this host should run: torch==2.5.1, tensorflow==2.15, cuda=12.4, tensorrt=10.3 or 'image pytorch' "
                    + "(also image tensorflow, image tensorrt), or container-toolkit[=docker|containerd|crio].")
    String target;

    Target parse() {
        try {
            return Target.parse(target);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "--target: " + e.getMessage());
        }
    }
}
