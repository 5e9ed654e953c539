package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The compatibility matrix, validated and typed: what rules loop over. Every record keeps its
 * citation (file, line, source URL, confirmed) so that a finding can say where its fact comes from.
 * Unconfirmed records are here too, flagged: rules may mention them but must not raise errors from them.
 */
public record Matrix(MatrixInfo info, List<CudaToolkit> cudaToolkits, List<MinorVersionCompat> minorVersionCompatibility,
        List<ArchitectureChange> architectures, List<DriverBranch> driverBranches,
        List<LastBranch> lastBranchPerArchitecture, ForwardCompat forwardCompat, List<GpuModel> gpus,
        List<CudnnRelease> cudnn, List<TensorrtRelease> tensorrt, List<PytorchRelease> pytorch,
        List<TensorflowRelease> tensorflow, List<JaxFlavour> jax, List<OnnxRuntimeBuild> onnxruntime,
        List<NgcImage> ngc, List<KnownBad> knownBad, InstallGuide install, List<TensorrtOnnxSupport> tensorrtOnnx,
        List<OnnxConverter> onnxConverters) {

    /** A matrix without the ONNX tables (tensorrt-onnx.yaml), as code written before them builds one. */
    public Matrix(MatrixInfo info, List<CudaToolkit> cudaToolkits, List<MinorVersionCompat> minorVersionCompatibility,
            List<ArchitectureChange> architectures, List<DriverBranch> driverBranches,
            List<LastBranch> lastBranchPerArchitecture, ForwardCompat forwardCompat, List<GpuModel> gpus,
            List<CudnnRelease> cudnn, List<TensorrtRelease> tensorrt, List<PytorchRelease> pytorch,
            List<TensorflowRelease> tensorflow, List<JaxFlavour> jax, List<OnnxRuntimeBuild> onnxruntime,
            List<NgcImage> ngc, List<KnownBad> knownBad, InstallGuide install) {
        this(info, cudaToolkits, minorVersionCompatibility, architectures, driverBranches, lastBranchPerArchitecture,
                forwardCompat, gpus, cudnn, tensorrt, pytorch, tensorflow, jax, onnxruntime, ngc, knownBad, install, List.of(),
                List.of());
    }

    public String matrixVersion() {
        return info.matrixVersion();
    }

    public int schemaVersion() {
        return info.schemaVersion();
    }

    /** The records of one subject file, by list of the file ("entries", "minorVersionCompatibility", ...), in file order. */
    public Map<String, List<? extends Cited>> sections(Subject subject) {
        Map<String, List<? extends Cited>> out = new LinkedHashMap<>();
        switch (subject) {
            case CUDA_TOOLKIT -> {
                out.put("entries", cudaToolkits);
                out.put("minorVersionCompatibility", minorVersionCompatibility);
                out.put("architectures", architectures);
            }
            case DRIVER_BRANCHES -> {
                out.put("entries", driverBranches);
                out.put("lastBranchPerArchitecture", lastBranchPerArchitecture);
            }
            case FORWARD_COMPAT -> {
                out.put("entries", forwardCompat.packages());
                out.put("supportedGpuClasses", forwardCompat.gpuClasses());
            }
            case GPUS -> out.put("entries", gpus);
            case CUDNN -> out.put("entries", cudnn);
            case TENSORRT -> out.put("entries", tensorrt);
            case TENSORRT_ONNX -> {
                out.put("entries", tensorrtOnnx);
                out.put("converters", onnxConverters);
            }
            case PYTORCH -> out.put("entries", pytorch);
            case TENSORFLOW -> out.put("entries", tensorflow);
            case JAX -> out.put("entries", jax);
            case ONNXRUNTIME -> out.put("entries", onnxruntime);
            case NGC -> out.put("entries", ngc);
            case KNOWN_BAD -> out.put("entries", knownBad);
            case INSTALL -> {
                out.put("entries", install.distributions());
                out.put("repositories", install.repositories());
                out.put("drivers", install.drivers());
                out.put("components", install.components());
                out.put("guides", install.guides());
            }
        }
        return out;
    }

    /** The toolkit release with exactly this version (12.4 is 12.4.0). */
    public Optional<CudaToolkit> cudaToolkit(Version version) {
        return cudaToolkits.stream().filter(t -> t.version().equals(version)).findFirst();
    }

    /**
     * The driver this exact toolkit release was released with (Table 3), where the matrix states it.
     * Binaries built with the toolkit may run on older drivers through minor version compatibility:
     * see {@link #minorVersionCompatFor(Version)}.
     */
    public Optional<CudaToolkit> minDriverFor(Version cudaToolkit) {
        return cudaToolkit(cudaToolkit).filter(CudaToolkit::statesMinDriver);
    }

    /** Minor version compatibility of this toolkit's major (12.4.1: the 12.x row). */
    public Optional<MinorVersionCompat> minorVersionCompatFor(Version cudaToolkit) {
        return minorVersionCompatibility.stream().filter(m -> m.major() == cudaToolkit.major()).findFirst();
    }

    /** The branch of a driver version (535.104.05 is in R535), if the matrix lists it. */
    public Optional<DriverBranch> driverBranchOf(Version driver) {
        return driverBranches.stream().filter(b -> b.branch() == driver.major()).findFirst();
    }

    /** The highest CUDA version this driver supports without forward compatibility, by its branch. */
    public Optional<Version> cudaCeilingOf(Version driver) {
        return driverBranchOf(driver).flatMap(DriverBranch::cudaCeiling);
    }

    /** The last driver branch of an architecture (by compute capability, 3.7 is Kepler). */
    public Optional<LastBranch> lastBranchFor(Version computeCapability) {
        return lastBranchPerArchitecture.stream().filter(l -> l.computeCapabilities().contains(computeCapability))
                .findFirst();
    }

    /**
     * The GPU an nvidia-smi product name ("NVIDIA H100 80GB HBM3") stands for: the first entry of
     * gpus.yaml with a matching pattern, the file being ordered most specific first.
     */
    public Optional<GpuModel> lookupGpu(String nvidiaSmiName) {
        return gpus.stream().filter(g -> g.matches(nvidiaSmiName)).findFirst();
    }

    /**
     * The GPUs with this PCI device id ("0x2330", "2330" or "10de:2330"). Several products may
     * share an id (A2 and A16 differ only in subsystem id), so this is a list.
     */
    public List<GpuModel> lookupGpuByPciId(String pciId) {
        String id = pciId.strip().toLowerCase(Locale.ROOT).replaceFirst("^(10de:|0x)", "");
        return gpus.stream().filter(g -> g.pciDeviceIds().contains("0x" + id)).toList();
    }

    /** The gpus.yaml entry with exactly this name ("NVIDIA H100 NVL"), as rules name one. */
    public Optional<GpuModel> gpu(String name) {
        return gpus.stream().filter(g -> g.name().equalsIgnoreCase(name.strip())).findFirst();
    }

    /** The cuDNN releases within a version (9.1 gives 9.1.0 and 9.1.1; 9.1.0 gives 9.1.0). */
    public List<CudnnRelease> cudnnReleases(Version version) {
        return cudnn.stream().filter(c -> c.version().startsWith(version)).toList();
    }

    public List<TensorrtRelease> tensorrtReleases(Version version) {
        return tensorrt.stream().filter(t -> t.version().startsWith(version)).toList();
    }

    /** The PyTorch entry covering a torch version (2.5.1 is the 2.5 entry). */
    public Optional<PytorchRelease> pytorchFor(Version torch) {
        return pytorch.stream().filter(p -> p.covers(torch)).findFirst();
    }

    public Optional<TensorflowRelease> tensorflowFor(Version tf) {
        return tensorflow.stream().filter(t -> t.version().equals(tf)).findFirst()
                .or(() -> tensorflow.stream().filter(t -> t.covers(tf)).findFirst());
    }

    /**
     * The ONNX table of the TensorRT release a version belongs to: 10.8.0.43 is the "10.8" table. A
     * release without a table has none; a neighbouring release's table is never used in its place.
     */
    public Optional<TensorrtOnnxSupport> tensorrtOnnxFor(Version tensorrtVersion) {
        return tensorrtOnnx.stream().filter(t -> tensorrtVersion.startsWith(t.tensorrt())).findFirst();
    }

    public Optional<OnnxConverter> onnxConverter(String name) {
        return onnxConverters.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<KnownBad> knownBad(String id) {
        return knownBad.stream().filter(k -> k.id().equals(id)).findFirst();
    }
}
