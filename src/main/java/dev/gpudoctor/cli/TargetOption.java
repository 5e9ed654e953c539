package dev.gpudoctor.cli;

import dev.gpudoctor.fix.Target;
import picocli.CommandLine.Option;

/** --target of plan and install. */
public final class TargetOption {

    @Option(names = "--target", paramLabel = "TARGET", required = true,
            description = "What this host should run: torch==2.5.1, tensorflow==2.15, cuda=12.4, tensorrt=10.3 or 'image pytorch' "
                    + "(also image tensorflow, image tensorrt), or container-toolkit[=docker|containerd|crio].")
    String target;

    @Option(names = "--online", description = "For image targets, also ask nvcr.io for the image's tags (the release's tag when "
            + "the matrix has none, and releases newer than the matrix knows). Refused when GPU_DOCTOR_OFFLINE is set.")
    boolean online;

    /** The planner, with nvcr.io's tag list when --online was given. */
    dev.gpudoctor.fix.TargetPlanner planner(dev.gpudoctor.matrix.Matrix matrix, Runtime rt) {
        if (!online) {
            return new dev.gpudoctor.fix.TargetPlanner(matrix);
        }
        if (OfflineMode.on(rt.environment())) {
            throw new UserError(ExitCode.USAGE, "--online, but GPU_DOCTOR_OFFLINE is set: nothing may go on the network");
        }
        return new dev.gpudoctor.fix.TargetPlanner(matrix, java.util.Optional.of(new dev.gpudoctor.fix.ngc.NgcRegistry(
                new dev.gpudoctor.net.Https(rt.environment(), dev.gpudoctor.net.Https.Settings.DEFAULT, null),
                dev.gpudoctor.fix.ngc.NgcRegistry.NVCR)));
    }

    Target parse() {
        try {
            return Target.parse(target);
        } catch (IllegalArgumentException e) {
            throw new UserError(ExitCode.USAGE, "--target: " + e.getMessage());
        }
    }
}
