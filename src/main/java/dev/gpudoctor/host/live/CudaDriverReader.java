package dev.gpudoctor.host.live;

import com.sun.jna.ptr.IntByReference;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.CudaDriverReport;

/**
 * cuDriverGetVersion, cuInit(0), cuDeviceGetCount. cuInit failing is a found report: its CUresult
 * (no device, system driver mismatch, compat package on an unsupported GPU) is the finding.
 */
final class CudaDriverReader {

    private final CudaDriverLibrary cuda;
    private final Deadline.Progress progress;

    CudaDriverReader(CudaDriverLibrary cuda, Deadline.Progress progress) {
        this.cuda = cuda;
        this.progress = progress;
    }

    Fact<CudaDriverReport> read(String library) {
        long started = System.nanoTime();
        progress.at("cuDriverGetVersion");
        IntByReference version = new IntByReference();
        Integer driverVersion = cuda.cuDriverGetVersion(version) == 0 ? version.getValue() : null;
        progress.at("cuInit");
        int init = cuda.cuInit(0);
        Integer deviceCount = null;
        String calls = "cuDriverGetVersion, cuInit";
        if (init == 0) {
            progress.at("cuDeviceGetCount");
            IntByReference count = new IntByReference();
            deviceCount = cuda.cuDeviceGetCount(count) == 0 ? count.getValue() : null;
            calls += ", cuDeviceGetCount";
        }
        return Fact.found(new CudaDriverReport(driverVersion, init, init == 0 ? null : CudaErrors.name(init),
                        deviceCount, LoadedFrom.file(library, "cuInit")),
                Evidence.nativeCall(library + ": " + calls, (System.nanoTime() - started) / 1e6));
    }
}
