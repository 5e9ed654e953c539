package dev.gpudoctor.host;

import dev.gpudoctor.fact.Fact;
import java.time.Duration;

/**
 * Calls into the host's native libraries (NVML, the CUDA driver API). Behind this narrow port so
 * that a fixture or a capture can answer instead of a real driver, and so that a call that hangs
 * or a library that crashes costs one fact, never the report.
 */
public interface NativeLibraries {

    /** Whether native calls can be made here: found with a description, or absent with why not. */
    Fact<String> availability();

    /**
     * NVML's answers; failed with the NVML error's name and number (NVML_ERROR_DRIVER_NOT_LOADED (9))
     * or with "did not answer within" when a call hangs past the deadline.
     */
    Fact<NvmlReport> nvml(Duration deadline);

    /** The CUDA driver API's answers (cuInit, cuDriverGetVersion, cuDeviceGetCount), bounded the same way. */
    Fact<CudaDriverReport> cudaDriver(Duration deadline);

    /**
     * Loads one copy of a CUDA library by its path and asks it its own version (cudaRuntimeGetVersion,
     * cudnnGetVersion, cublasGetProperty, nvrtcVersion, getInferLibVersion, chosen by the file name).
     * Failed with the dynamic loader's sentence when the copy does not load (it names the missing
     * dependency or symbol), with "no symbol ..." when it lacks the function, or past the deadline.
     */
    Fact<LibraryAnswer> askLibrary(String path, Duration deadline);

    /** Several copies at once (an implementation may load them all in one child process). */
    default java.util.Map<String, Fact<LibraryAnswer>> askLibraries(java.util.List<String> paths, Duration deadlineEach) {
        java.util.Map<String, Fact<LibraryAnswer>> out = new java.util.LinkedHashMap<>();
        for (String p : paths) {
            out.put(p, askLibrary(p, deadlineEach));
        }
        return out;
    }

    /** A host where no native call is made, with the reason for each answer. */
    static NativeLibraries unavailable(String why) {
        return new NativeLibraries() {
            @Override
            public Fact<String> availability() {
                return Fact.absent(why);
            }

            @Override
            public Fact<NvmlReport> nvml(Duration deadline) {
                return Fact.absent(why);
            }

            @Override
            public Fact<CudaDriverReport> cudaDriver(Duration deadline) {
                return Fact.absent(why);
            }

            @Override
            public Fact<LibraryAnswer> askLibrary(String path, Duration deadline) {
                return Fact.absent(why);
            }
        };
    }
}
