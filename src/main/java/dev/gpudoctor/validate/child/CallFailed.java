package dev.gpudoctor.validate.child;

import dev.gpudoctor.validate.NativeError;

/** A native call that failed: ends the step (or the check) it was made for, carrying the library's words. */
final class CallFailed extends Exception {

    private final transient NativeError error;

    CallFailed(NativeError error) {
        super(error.describe(), null, false, false);
        this.error = error;
    }

    NativeError error() {
        return error;
    }
}
