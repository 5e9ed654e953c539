package dev.gpudoctor.host;

import java.time.Duration;
import java.util.List;

/** Runs a command of the examined host: argv only (no shell), LC_ALL=C, a timeout for each. */
public interface CommandRunner {

    Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    CommandResult run(List<String> argv, Duration timeout);

    default CommandResult run(String... argv) {
        return run(List.of(argv), DEFAULT_TIMEOUT);
    }

    /** A runner that runs nothing, for hosts whose commands cannot be run from here. */
    static CommandRunner notRun(String why) {
        return (argv, timeout) -> CommandResult.notRun(argv, why);
    }
}
