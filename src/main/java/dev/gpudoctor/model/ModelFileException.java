package dev.gpudoctor.model;

/**
 * A model file that cannot be read as what it was taken for: the message names the file and says
 * what is wrong (truncated, not this format, too large), in words a person can act on.
 */
public final class ModelFileException extends Exception {

    public ModelFileException(String message) {
        super(message);
    }

    public ModelFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
