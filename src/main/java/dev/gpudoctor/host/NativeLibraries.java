package dev.gpudoctor.host;

import dev.gpudoctor.fact.Fact;

/**
 * Calls into the host's native libraries (NVML, the CUDA driver API, each library copy found).
 * Behind this narrow port so that a fixture or a capture can answer instead of a real driver.
 */
public interface NativeLibraries {

    /** Whether native calls can be made here: found with a description, or absent with why not. */
    Fact<String> availability();

    static NativeLibraries unavailable(String why) {
        return () -> Fact.absent(why);
    }
}
