package dev.gpudoctor.host.live;

import com.sun.jna.Native;
import com.sun.jna.ptr.IntByReference;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.NvmlReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * One NVML session: nvmlInit_v2, the system answers, every device, nvmlShutdown. nvmlInit_v2 failing
 * is the fact (its error name is the diagnosis: driver not loaded, library/kernel module mismatch);
 * a system answer that fails is a null field.
 */
final class NvmlReader {

    /** NVML_SYSTEM_DRIVER_VERSION_BUFFER_SIZE is 80; NVML's version is shorter. */
    private static final int VERSION_BUFFER = 96;

    private final NvmlLibrary nvml;
    private final NvmlCalls calls;

    NvmlReader(NvmlLibrary nvml, Deadline.Progress progress) {
        this.nvml = nvml;
        this.calls = new NvmlCalls(progress);
    }

    Fact<NvmlReport> read(String library) {
        long started = System.nanoTime();
        int init = calls.call("nvmlInit_v2", nvml::nvmlInit_v2);
        if (init != NvmlErrors.SUCCESS) {
            String why = init == NvmlCalls.MISSING ? "not exported by " + library : NvmlErrors.describe(init);
            return Fact.failed("nvmlInit_v2: " + why, evidence(library, "nvmlInit_v2", started));
        }
        try {
            String driver = string("nvmlSystemGetDriverVersion", b -> nvml.nvmlSystemGetDriverVersion(b, b.length));
            String version = string("nvmlSystemGetNVMLVersion", b -> nvml.nvmlSystemGetNVMLVersion(b, b.length));
            IntByReference cuda = new IntByReference();
            Integer cudaVersion = calls.call("nvmlSystemGetCudaDriverVersion_v2",
                    () -> nvml.nvmlSystemGetCudaDriverVersion_v2(cuda)) == NvmlErrors.SUCCESS ? cuda.getValue() : null;
            IntByReference count = new IntByReference();
            int rc = calls.call("nvmlDeviceGetCount_v2", () -> nvml.nvmlDeviceGetCount_v2(count));
            if (rc != NvmlErrors.SUCCESS) {
                return Fact.failed("nvmlDeviceGetCount_v2: " + NvmlErrors.describe(rc),
                        evidence(library, "nvmlInit_v2 .. nvmlDeviceGetCount_v2", started));
            }
            NvmlDeviceReader devices = new NvmlDeviceReader(nvml, calls);
            List<NvmlReport.Gpu> gpus = new ArrayList<>();
            for (int i = 0; i < count.getValue(); i++) {
                gpus.add(devices.read(i));
            }
            return Fact.found(new NvmlReport(driver, version, cudaVersion, LoadedFrom.file(library, "nvmlInit_v2"), gpus),
                    evidence(library, "nvmlInit_v2 .. nvmlShutdown", started));
        } finally {
            calls.call("nvmlShutdown", nvml::nvmlShutdown);
        }
    }

    private String string(String function, ToIntFunction<byte[]> call) {
        byte[] buffer = new byte[VERSION_BUFFER];
        return calls.call(function, () -> call.applyAsInt(buffer)) == NvmlErrors.SUCCESS ? Native.toString(buffer) : null;
    }

    private static Evidence evidence(String library, String calls, long started) {
        return Evidence.nativeCall(library + ": " + calls, (System.nanoTime() - started) / 1e6);
    }
}
