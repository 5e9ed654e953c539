package dev.gpudoctor.host.live;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.ptr.IntByReference;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.host.LibraryAnswer;

/**
 * Loads one copy of a CUDA library by path and asks it its own version. The function is chosen by
 * the file name's stem (libcudnn.so.9 asks cudnnGetVersion; libcudnn_ops.so.9 and libcublasLt.so.13
 * are sub-libraries with no such question). Runs inside a {@link Deadline}; nothing throws.
 */
final class LibraryVersionReader {

    private final Deadline.Progress progress;

    LibraryVersionReader(Deadline.Progress progress) {
        this.progress = progress;
    }

    /** The kind of a library file by its name's stem, or null for one that is not asked. */
    static String kind(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        int so = name.indexOf(".so");
        String stem = so < 0 ? name : name.substring(0, so);
        return switch (stem) {
            case "libcudart" -> "cudart";
            case "libcudnn" -> "cudnn";
            case "libcublas" -> "cublas";
            case "libnvrtc" -> "nvrtc";
            case "libnvinfer" -> "tensorrt";
            default -> null;
        };
    }

    Fact<LibraryAnswer> read(String path) {
        String kind = kind(path);
        if (kind == null) {
            return Fact.absent("not a library whose version the doctor asks (libcudart, libcudnn, libcublas, "
                    + "libnvrtc, libnvinfer)");
        }
        long started = System.nanoTime();
        progress.at("loading " + path);
        NativeLoader.Loaded<NativeLibrary> loaded = NativeLoader.open(path);
        if (!loaded.ok()) {
            return Fact.failed(loaded.message(), Evidence.nativeCall("load " + path, ms(started)));
        }
        NativeLibrary lib = loaded.library();
        return switch (kind) {
            case "cudart" -> intOut(lib, path, kind, "cudaRuntimeGetVersion", started);
            case "cudnn" -> cudnn(lib, path, started);
            case "cublas" -> cublas(lib, path, started);
            case "nvrtc" -> nvrtc(lib, path, started);
            default -> tensorrt(lib, path, started);
        };
    }

    /** cudaRuntimeGetVersion(int*): a cudaError_t, the version through the pointer. */
    private Fact<LibraryAnswer> intOut(NativeLibrary lib, String path, String kind, String symbol, long started) {
        Function f = function(lib, symbol);
        if (f == null) {
            return noSymbol(path, symbol, started);
        }
        progress.at(symbol);
        IntByReference v = new IntByReference();
        int rc = f.invokeInt(new Object[] {v});
        if (rc != 0) {
            return Fact.failed(symbol + " returned error " + rc, evidence(path, symbol, started));
        }
        return found(path, kind, v.getValue(), Version.fromCudaInt(v.getValue()), f, symbol, started);
    }

    /** size_t cudnnGetVersion(void). */
    private Fact<LibraryAnswer> cudnn(NativeLibrary lib, String path, long started) {
        String symbol = "cudnnGetVersion";
        Function f = function(lib, symbol);
        if (f == null) {
            return noSymbol(path, symbol, started);
        }
        progress.at(symbol);
        long v = Native.SIZE_T_SIZE == 8 ? f.invokeLong(new Object[0]) : f.invokeInt(new Object[0]);
        return found(path, "cudnn", (int) v, Version.fromCudnnInt((int) v), f, symbol, started);
    }

    /** cublasGetProperty(libraryPropertyType, int*) for MAJOR_VERSION (0), MINOR_VERSION (1), PATCH_LEVEL (2). */
    private Fact<LibraryAnswer> cublas(NativeLibrary lib, String path, long started) {
        String symbol = "cublasGetProperty";
        Function f = function(lib, symbol);
        if (f == null) {
            return noSymbol(path, symbol, started);
        }
        int[] parts = new int[3];
        for (int type = 0; type < 3; type++) {
            progress.at(symbol + "(" + type + ")");
            IntByReference v = new IntByReference();
            int rc = f.invokeInt(new Object[] {type, v});
            if (rc != 0) {
                return Fact.failed(symbol + "(" + type + ") returned status " + rc, evidence(path, symbol, started));
            }
            parts[type] = v.getValue();
        }
        return found(path, "cublas", null, Version.of(parts[0] + "." + parts[1] + "." + parts[2]), f, symbol, started);
    }

    /** nvrtcVersion(int* major, int* minor). */
    private Fact<LibraryAnswer> nvrtc(NativeLibrary lib, String path, long started) {
        String symbol = "nvrtcVersion";
        Function f = function(lib, symbol);
        if (f == null) {
            return noSymbol(path, symbol, started);
        }
        progress.at(symbol);
        IntByReference major = new IntByReference();
        IntByReference minor = new IntByReference();
        int rc = f.invokeInt(new Object[] {major, minor});
        if (rc != 0) {
            return Fact.failed(symbol + " returned error " + rc, evidence(path, symbol, started));
        }
        return found(path, "nvrtc", null, Version.of(major.getValue() + "." + minor.getValue()), f, symbol, started);
    }

    /** int getInferLibVersion(void). */
    private Fact<LibraryAnswer> tensorrt(NativeLibrary lib, String path, long started) {
        String symbol = "getInferLibVersion";
        Function f = function(lib, symbol);
        if (f == null) {
            return noSymbol(path, symbol, started);
        }
        progress.at(symbol);
        int v = f.invokeInt(new Object[0]);
        return found(path, "tensorrt", v, Version.fromTensorrtInt(v), f, symbol, started);
    }

    private static Function function(NativeLibrary lib, String symbol) {
        try {
            return lib.getFunction(symbol);
        } catch (UnsatisfiedLinkError e) {
            return null;
        }
    }

    private static Fact<LibraryAnswer> found(String path, String kind, Integer raw, Version version, Function f,
                                             String symbol, long started) {
        return Fact.found(new LibraryAnswer(path, kind, raw, version.toString(), LoadedFrom.file(f)),
                evidence(path, symbol, started));
    }

    private static Fact<LibraryAnswer> noSymbol(String path, String symbol, long started) {
        return Fact.failed("no symbol " + symbol, Evidence.nativeCall(path + ": dlsym " + symbol, ms(started)));
    }

    private static Evidence evidence(String path, String symbol, long started) {
        return Evidence.nativeCall(path + ": " + symbol, ms(started));
    }

    private static double ms(long started) {
        return (System.nanoTime() - started) / 1e6;
    }
}
