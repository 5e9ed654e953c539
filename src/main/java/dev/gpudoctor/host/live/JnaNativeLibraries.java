package dev.gpudoctor.host.live;

import com.sun.jna.Native;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.CudaDriverReport;
import dev.gpudoctor.host.LibraryAnswer;
import dev.gpudoctor.host.NativeLibraries;
import dev.gpudoctor.host.NvmlReport;
import java.time.Duration;

/**
 * The native port through JNA: NVML and the CUDA driver API, loaded by soname on a real host or by
 * path in tests. Loading and every call run under the deadline on a daemon thread; nothing throws.
 */
public final class JnaNativeLibraries implements NativeLibraries {

    private final String nvmlLibrary;
    private final String cudaLibrary;
    private final ChildJvm isolation;

    /**
     * @param nvmlLibrary a soname (searched like any program's) or a path
     * @param cudaLibrary likewise, for the CUDA driver API
     */
    public JnaNativeLibraries(String nvmlLibrary, String cudaLibrary) {
        this(nvmlLibrary, cudaLibrary, null);
    }

    private JnaNativeLibraries(String nvmlLibrary, String cudaLibrary, ChildJvm isolation) {
        this.nvmlLibrary = nvmlLibrary;
        this.cudaLibrary = cudaLibrary;
        this.isolation = isolation;
    }

    /**
     * The same, but library copies are loaded in a child JVM: their initialisation runs foreign code
     * (constructors that can crash against the wrong driver), and a crash must cost one fact.
     */
    public JnaNativeLibraries isolatingCopies(ChildJvm child) {
        return new JnaNativeLibraries(nvmlLibrary, cudaLibrary, child);
    }

    /** The driver's libraries as every CUDA program finds them. */
    public static JnaNativeLibraries bySoname() {
        return new JnaNativeLibraries("libnvidia-ml.so.1", "libcuda.so.1");
    }

    @Override
    public Fact<String> availability() {
        try {
            // Touching Native loads JNA's JNI stub (extracted to a temp directory): that is what can fail.
            return Fact.found("JNA " + Native.VERSION + " (native " + Native.VERSION_NATIVE + ")",
                    Evidence.derived("com.sun.jna.Native loaded"));
        } catch (LinkageError e) {
            return Fact.absent("JNA's native part does not load here: " + e);
        }
    }

    @Override
    public Fact<NvmlReport> nvml(Duration deadline) {
        return Deadline.run("NVML", deadline, progress -> {
            progress.at("loading " + nvmlLibrary);
            NativeLoader.Loaded<NvmlLibrary> loaded = NativeLoader.load(nvmlLibrary, NvmlLibrary.class);
            if (!loaded.ok()) {
                return Fact.absent(loaded.message(), Evidence.nativeCall("load " + nvmlLibrary, 0));
            }
            return new NvmlReader(loaded.library(), progress).read(nvmlLibrary);
        });
    }

    @Override
    public Fact<CudaDriverReport> cudaDriver(Duration deadline) {
        return Deadline.run("the CUDA driver API", deadline, progress -> {
            progress.at("loading " + cudaLibrary);
            NativeLoader.Loaded<CudaDriverLibrary> loaded = NativeLoader.load(cudaLibrary, CudaDriverLibrary.class);
            if (!loaded.ok()) {
                return Fact.absent(loaded.message(), Evidence.nativeCall("load " + cudaLibrary, 0));
            }
            return new CudaDriverReader(loaded.library(), progress).read(cudaLibrary);
        });
    }

    @Override
    public java.util.Map<String, Fact<LibraryAnswer>> askLibraries(java.util.List<String> paths, Duration deadlineEach) {
        if (isolation == null || paths.isEmpty()) {
            return NativeLibraries.super.askLibraries(paths, deadlineEach);
        }
        return LibraryWorker.ask(isolation, paths, deadlineEach);
    }

    @Override
    public Fact<LibraryAnswer> askLibrary(String path, Duration deadline) {
        if (isolation != null) {
            return askLibraries(java.util.List.of(path), deadline).get(path);
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return Deadline.run(name, deadline, progress -> new LibraryVersionReader(progress).read(path));
    }
}
