package dev.gpudoctor.host.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gpudoctor.host.NvmlReport;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * Reads one device. A field the device does not support, or the driver does not export, is null;
 * a device that is lost (NVML_ERROR_GPU_IS_LOST) or that has no handle gets its error and no further
 * calls, since each call to a lost GPU can take seconds.
 */
final class NvmlDeviceReader {

    /** NVML_DEVICE_NAME_V2_BUFFER_SIZE and NVML_DEVICE_UUID_V2_BUFFER_SIZE. */
    private static final int STRING_BUFFER = 96;
    private static final int PCI_INFO_SIZE = 68;
    private static final int PCI_BUS_ID_OFFSET = 16 + 5 * 4;

    private final NvmlLibrary nvml;
    private final NvmlCalls calls;
    private Pointer device;
    private String error;

    NvmlDeviceReader(NvmlLibrary nvml, NvmlCalls calls) {
        this.nvml = nvml;
        this.calls = calls;
    }

    NvmlReport.Gpu read(int index) {
        device = null;
        error = null;
        PointerByReference handle = new PointerByReference();
        int rc = calls.call("nvmlDeviceGetHandleByIndex_v2", () -> nvml.nvmlDeviceGetHandleByIndex_v2(index, handle));
        if (rc != NvmlErrors.SUCCESS) {
            return lost(index, "nvmlDeviceGetHandleByIndex_v2: " + describe(rc));
        }
        device = handle.getValue();
        String name = string("nvmlDeviceGetName", (b) -> nvml.nvmlDeviceGetName(device, b, b.length));
        String uuid = string("nvmlDeviceGetUUID", (b) -> nvml.nvmlDeviceGetUUID(device, b, b.length));
        String busId = memory("nvmlDeviceGetPciInfo_v3", PCI_INFO_SIZE,
                m -> nvml.nvmlDeviceGetPciInfo_v3(device, m), m -> m.getString(PCI_BUS_ID_OFFSET));
        Integer[] cc = pair("nvmlDeviceGetCudaComputeCapability",
                (a, b) -> nvml.nvmlDeviceGetCudaComputeCapability(device, a, b));
        Long memoryTotal = memory("nvmlDeviceGetMemoryInfo", 24,
                m -> nvml.nvmlDeviceGetMemoryInfo(device, m), m -> m.getLong(0));
        Integer[] mig = pair("nvmlDeviceGetMigMode", (a, b) -> nvml.nvmlDeviceGetMigMode(device, a, b));
        Integer persistence = integer("nvmlDeviceGetPersistenceMode", r -> nvml.nvmlDeviceGetPersistenceMode(device, r));
        Integer[] ecc = pair("nvmlDeviceGetEccMode", (a, b) -> nvml.nvmlDeviceGetEccMode(device, a, b));
        Integer temperature = integer("nvmlDeviceGetTemperature", r -> nvml.nvmlDeviceGetTemperature(device, 0, r));
        Integer power = integer("nvmlDeviceGetEnforcedPowerLimit", r -> nvml.nvmlDeviceGetEnforcedPowerLimit(device, r));
        Long reasons = clocksEventReasons();
        LongByReference eccCount = new LongByReference();
        Long uncorrected = call("nvmlDeviceGetTotalEccErrors",
                () -> nvml.nvmlDeviceGetTotalEccErrors(device, 1, 0, eccCount)) == NvmlErrors.SUCCESS ? eccCount.getValue() : null;
        Integer retiredPending = integer("nvmlDeviceGetRetiredPagesPendingStatus",
                r -> nvml.nvmlDeviceGetRetiredPagesPendingStatus(device, r));
        IntByReference corr = new IntByReference();
        IntByReference unc = new IntByReference();
        IntByReference pending = new IntByReference();
        IntByReference failure = new IntByReference();
        boolean remapped = call("nvmlDeviceGetRemappedRows",
                () -> nvml.nvmlDeviceGetRemappedRows(device, corr, unc, pending, failure)) == NvmlErrors.SUCCESS;
        return new NvmlReport.Gpu(index, name, uuid, busId, cc[0], cc[1], memoryTotal, mig[0], persistence, ecc[0],
                uncorrected, retiredPending, remapped ? pending.getValue() : null, remapped ? failure.getValue() : null,
                reasons, temperature, power, error);
    }

    private Long clocksEventReasons() {
        LongByReference r = new LongByReference();
        int rc = call("nvmlDeviceGetCurrentClocksEventReasons", () -> nvml.nvmlDeviceGetCurrentClocksEventReasons(device, r));
        if (rc == NvmlCalls.MISSING) {
            // Drivers before 535 name the same mask "throttle reasons".
            rc = call("nvmlDeviceGetCurrentClocksThrottleReasons",
                    () -> nvml.nvmlDeviceGetCurrentClocksThrottleReasons(device, r));
        }
        return rc == NvmlErrors.SUCCESS ? r.getValue() : null;
    }

    private static NvmlReport.Gpu lost(int index, String error) {
        return new NvmlReport.Gpu(index, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, error);
    }

    /** Calls unless the device is already known lost; a lost answer becomes the device's error. */
    private int call(String function, java.util.function.IntSupplier call) {
        if (error != null) {
            return NvmlCalls.MISSING;
        }
        int rc = calls.call(function, call);
        if (rc == NvmlErrors.GPU_IS_LOST) {
            error = function + ": " + describe(rc);
        }
        return rc;
    }

    private String string(String function, ToIntFunction<byte[]> call) {
        byte[] buffer = new byte[STRING_BUFFER];
        return call(function, () -> call.applyAsInt(buffer)) == NvmlErrors.SUCCESS ? Native.toString(buffer) : null;
    }

    private Integer integer(String function, ToIntFunction<IntByReference> call) {
        IntByReference r = new IntByReference();
        return call(function, () -> call.applyAsInt(r)) == NvmlErrors.SUCCESS ? r.getValue() : null;
    }

    private interface PairCall {
        int call(IntByReference first, IntByReference second);
    }

    /** Two out-parameters (major/minor, current/pending): both null unless the call succeeded. */
    private Integer[] pair(String function, PairCall call) {
        IntByReference a = new IntByReference();
        IntByReference b = new IntByReference();
        return call(function, () -> call.call(a, b)) == NvmlErrors.SUCCESS
                ? new Integer[] {a.getValue(), b.getValue()} : new Integer[] {null, null};
    }

    private <T> T memory(String function, int size, ToIntFunction<Memory> call, Function<Memory, T> read) {
        try (Memory m = new Memory(size)) {
            m.clear();
            return call(function, () -> call.applyAsInt(m)) == NvmlErrors.SUCCESS ? read.apply(m) : null;
        }
    }

    private static String describe(int rc) {
        return rc == NvmlCalls.MISSING ? "not exported by this driver" : NvmlErrors.describe(rc);
    }
}
