package dev.gpudoctor.host.live;

import java.util.function.IntSupplier;

/**
 * One NVML call made through the progress tracker, with a missing symbol (an older driver) turned
 * into a result code instead of an exception.
 */
final class NvmlCalls {

    /** Not an nvmlReturn_t: the loaded library does not export the function. */
    static final int MISSING = -1;

    private final Deadline.Progress progress;

    NvmlCalls(Deadline.Progress progress) {
        this.progress = progress;
    }

    int call(String function, IntSupplier call) {
        progress.at(function);
        try {
            return call.getAsInt();
        } catch (UnsatisfiedLinkError e) {
            return MISSING;
        }
    }
}
