package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One computation a step ran on the GPU and compared with the CPU, or one copy it exercised.
 *
 * @param name        "saxpy 1048576", "FP16 GEMM 512x512x512", "NVRTC 13.0 (/usr/local/cuda-13.0)"
 * @param library     the library copy this check used, where the step uses several (NVRTC)
 * @param maxAbsError the largest |gpu - cpu| over the result
 * @param maxRelError the largest |gpu - cpu| / sum|products| (see reference.Reference)
 * @param tolerance   the largest maxRelError that passes (0: the result must be exact)
 * @param mismatches  entries that differ bit for bit from the expected floats (exact checks)
 * @param nonFinite   entries that are NaN or infinite
 * @param gflops      achieved rate of the fastest timed run (small sizes: not a peak figure)
 * @param detail      anything else worth a line: the PTX ISA version NVRTC wrote, the JIT's time
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Check(String name, Outcome result, String library, String detail, Double maxAbsError, Double maxRelError,
                    Double tolerance, Long mismatches, Long nonFinite, Double gflops, Double elapsedMs, NativeError error) {

    /** A check that ended before a result was compared (a call failed). */
    public static Check failed(String name, String library, NativeError error) {
        return new Check(name, Outcome.FAILED, library, null, null, null, null, null, null, null, null, error);
    }

    /** Whether it failed on the numbers (a result was computed and is wrong), not on a call. */
    public boolean wrongResult() {
        return result == Outcome.FAILED && error == null;
    }
}
