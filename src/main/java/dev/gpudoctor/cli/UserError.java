package dev.gpudoctor.cli;

/** A failure the user can act on (a bad bundle, an unwritable output): a message, never a stack trace. */
public final class UserError extends RuntimeException {

    private final ExitCode exitCode;

    public UserError(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public UserError(ExitCode exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
