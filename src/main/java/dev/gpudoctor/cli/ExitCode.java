package dev.gpudoctor.cli;

/** The exit codes of every command: the contract that provisioning scripts read. */
public enum ExitCode {
    /** Ran, and found no problem (warnings may have been printed). */
    OK(0),
    /** Ran, and found at least one problem, or a check did not complete. */
    PROBLEMS(1),
    /** Could not run: unreadable bundle, broken matrix, output not writable. */
    COULD_NOT_RUN(2),
    /** The command line is wrong. */
    USAGE(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
