package dev.gpudoctor.validate.child;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.gpudoctor.host.live.CudaErrors;
import dev.gpudoctor.validate.NativeError;
import dev.gpudoctor.validate.reference.Saxpy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The driver API once step 1 has a context current on this thread: device memory, copies, PTX
 * modules and the saxpy kernel launch that steps 2 and 3 share. Every failing call throws
 * {@link CallFailed} with the driver's own name for the CUresult.
 */
final class Gpu {

    /** Threads per block: a multiple of the warp size that every GPU since sm_20 takes. */
    private static final int BLOCK = 256;
    private static final int JIT_LOG_BYTES = 16 * 1024;

    final CudaApi cu;
    private StepLog log;

    Gpu(CudaApi cu) {
        this.cu = cu;
    }

    /** The step whose calls are announced from now on. */
    void logTo(StepLog log) {
        this.log = log;
    }

    void call(String call, int result) throws CallFailed {
        if (result != 0) {
            throw new CallFailed(new NativeError(call, result, errorName(cu, result), null));
        }
    }

    void at(String call) {
        if (log != null) {
            log.at(call);
        }
    }

    /** The driver's name for a CUresult, from the driver itself; the table of cuda.h where it cannot say. */
    static String errorName(CudaApi cu, int result) {
        try {
            PointerByReference name = new PointerByReference();
            if (cu.cuGetErrorName(result, name) == 0 && name.getValue() != null) {
                return name.getValue().getString(0, StandardCharsets.US_ASCII.name());
            }
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            // An old or broken libcuda: fall back to the names gpu-doctor knows.
        }
        return CudaErrors.name(result);
    }

    /** Device memory, freed by {@link #close()}. */
    final class Buffers implements AutoCloseable {
        private final List<Long> held = new ArrayList<>();

        long alloc(long bytes) throws CallFailed {
            at("cuMemAlloc_v2");
            LongByReference p = new LongByReference();
            call("cuMemAlloc_v2(" + bytes + " bytes)", cu.cuMemAlloc_v2(p, bytes));
            held.add(p.getValue());
            return p.getValue();
        }

        long upload(Memory host) throws CallFailed {
            long d = alloc(host.size());
            at("cuMemcpyHtoD_v2");
            call("cuMemcpyHtoD_v2", cu.cuMemcpyHtoD_v2(d, host, host.size()));
            return d;
        }

        Memory download(long d, long bytes) throws CallFailed {
            Memory host = new Memory(bytes);
            at("cuMemcpyDtoH_v2");
            call("cuMemcpyDtoH_v2", cu.cuMemcpyDtoH_v2(host, d, bytes));
            return host;
        }

        @Override
        public void close() {
            for (long p : held) {
                cu.cuMemFree_v2(p);
            }
            held.clear();
        }
    }

    Buffers buffers() {
        return new Buffers();
    }

    static Memory floats(float[] values) {
        Memory m = new Memory((long) values.length * Float.BYTES);
        m.write(0, values, 0, values.length);
        return m;
    }

    static Memory halves(short[] values) {
        Memory m = new Memory((long) values.length * Short.BYTES);
        m.write(0, values, 0, values.length);
        return m;
    }

    void synchronize() throws CallFailed {
        at("cuCtxSynchronize");
        call("cuCtxSynchronize", cu.cuCtxSynchronize());
    }

    /** A loaded PTX module and what the JIT said. */
    record Module(Pointer handle, Float jitMs) {
    }

    /**
     * JIT-compiles PTX through cuModuleLoadDataEx, asking for the JIT's error log (the line it rejects
     * and why: "Unsupported .version 9.0; current version is '8.7'") and its wall time.
     */
    Module load(String ptx) throws CallFailed {
        byte[] text = ptx.getBytes(StandardCharsets.US_ASCII);
        Memory image = new Memory(text.length + 1L);
        image.write(0, text, 0, text.length);
        image.setByte(text.length, (byte) 0);
        Memory errorLog = new Memory(JIT_LOG_BYTES);
        errorLog.clear();
        int[] optionIds = {CudaApi.JIT_ERROR_LOG_BUFFER, CudaApi.JIT_ERROR_LOG_BUFFER_SIZE_BYTES, CudaApi.JIT_WALL_TIME};
        Memory options = new Memory(4L * optionIds.length);
        options.write(0, optionIds, 0, optionIds.length);
        // Each option value is one pointer-sized slot: a buffer, a size cast to a pointer, or room for the time.
        Memory values = new Memory((long) Native.POINTER_SIZE * optionIds.length);
        values.clear();
        values.setPointer(0, errorLog);
        values.setPointer(Native.POINTER_SIZE, new Pointer(JIT_LOG_BYTES));
        PointerByReference module = new PointerByReference();
        at("cuModuleLoadDataEx");
        int rc = cu.cuModuleLoadDataEx(module, image, optionIds.length, options, values);
        if (rc != 0) {
            String jitLog = errorLog.getString(0, StandardCharsets.UTF_8.name()).strip();
            throw new CallFailed(new NativeError("cuModuleLoadDataEx", rc, errorName(cu, rc),
                    jitLog.isEmpty() ? null : jitLog));
        }
        // CU_JIT_WALL_TIME: the driver overwrites the slot with a float, milliseconds.
        float jitMs = values.getFloat(2L * Native.POINTER_SIZE);
        java.lang.ref.Reference.reachabilityFence(errorLog);
        return new Module(module.getValue(), Float.isFinite(jitMs) && jitMs >= 0 ? jitMs : null);
    }

    Pointer function(Module m, String name) throws CallFailed {
        PointerByReference f = new PointerByReference();
        at("cuModuleGetFunction");
        call("cuModuleGetFunction(" + name + ")", cu.cuModuleGetFunction(f, m.handle(), name));
        return f.getValue();
    }

    void unload(Module m) {
        cu.cuModuleUnload(m.handle());
    }

    /** Runs y = fma(a, x, y) with a kernel of signature (const float* x, float* y, float a, int n); returns y. */
    float[] saxpy(Pointer kernel, Saxpy data) throws CallFailed {
        int n = data.n();
        try (Buffers b = buffers()) {
            long x = b.upload(floats(data.x()));
            long y = b.upload(floats(data.y()));
            Memory px = new Memory(8);
            px.setLong(0, x);
            Memory py = new Memory(8);
            py.setLong(0, y);
            Memory pa = new Memory(4);
            pa.setFloat(0, data.a());
            Memory pn = new Memory(4);
            pn.setInt(0, n);
            Memory params = new Memory((long) Native.POINTER_SIZE * 4);
            params.setPointer(0, px);
            params.setPointer(Native.POINTER_SIZE, py);
            params.setPointer(2L * Native.POINTER_SIZE, pa);
            params.setPointer(3L * Native.POINTER_SIZE, pn);
            int grid = (n + BLOCK - 1) / BLOCK;
            at("cuLaunchKernel");
            call("cuLaunchKernel(" + grid + " blocks of " + BLOCK + ")",
                    cu.cuLaunchKernel(kernel, grid, 1, 1, BLOCK, 1, 1, 0, null, params, null));
            synchronize();
            // params holds raw addresses of these: keep them from being collected before the launch is done.
            java.lang.ref.Reference.reachabilityFence(px);
            java.lang.ref.Reference.reachabilityFence(py);
            java.lang.ref.Reference.reachabilityFence(pa);
            java.lang.ref.Reference.reachabilityFence(pn);
            return b.download(y, (long) n * Float.BYTES).getFloatArray(0, n);
        }
    }
}
