package dev.gpudoctor.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** How a plan is applied, shared by fix --apply and install. */
public final class ApplyOptions {

    @Option(names = "--yes", description = "Do not ask (for provisioning scripts). Without it, the command asks on the "
            + "terminal and refuses when nobody can answer.")
    boolean yes;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Where each step's argv, exit code and output are logged (default: gpu-doctor-fix-DATE.log here).")
    Path log;

    @Option(names = "--step-timeout", paramLabel = "MINUTES", defaultValue = "30",
            description = "Longest a step may run before it is stopped (default: ${DEFAULT-VALUE}).")
    int stepTimeoutMinutes;

    Path logFile() {
        return log != null ? log
                : Path.of("gpu-doctor-fix-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + ".log");
    }
}
