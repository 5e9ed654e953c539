package dev.gpudoctor.probe.linker;

import dev.gpudoctor.fact.Version;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The version of one library copy: from its file name when the name carries it
 * (libcudnn.so.9.14.0), otherwise from the pip wheel that installed it, known by where NVIDIA's
 * wheels put their files (site-packages/nvidia/cudnn/lib is nvidia-cudnn-cuNN; CUDA 13 wheels
 * share site-packages/nvidia/cu13/lib and are told apart by the library's name).
 */
public final class CopyVersion {

    /** A version and where it was read. */
    public record Found(Version version, String source) {
    }

    private static final Pattern VERSIONED_NAME = Pattern.compile("^(lib[^/]*?\\.so)\\.(\\d+(?:\\.\\d+){1,3})$");

    /** Library name prefix -> distribution name prefix, for the shared nvidia/cuNN/lib folder. */
    private static final Map<String, String> SHARED_FOLDER_WHEELS = Map.ofEntries(
            Map.entry("libcudart", "nvidia-cuda-runtime"),
            Map.entry("libcublaslt", "nvidia-cublas"),
            Map.entry("libcublas", "nvidia-cublas"),
            Map.entry("libcufft", "nvidia-cufft"),
            Map.entry("libcufile", "nvidia-cufile"),
            Map.entry("libcurand", "nvidia-curand"),
            Map.entry("libcusolver", "nvidia-cusolver"),
            Map.entry("libcusparse", "nvidia-cusparse"),
            Map.entry("libnvrtc", "nvidia-cuda-nvrtc"),
            Map.entry("libnvjitlink", "nvidia-nvjitlink"),
            Map.entry("libcupti", "nvidia-cuda-cupti"),
            Map.entry("libnvtx", "nvidia-nvtx"));

    /** Folder under site-packages/nvidia -> distribution name prefix. */
    private static final Map<String, String> FOLDER_WHEELS = Map.ofEntries(
            Map.entry("cudnn", "nvidia-cudnn"),
            Map.entry("nccl", "nvidia-nccl"),
            Map.entry("cublas", "nvidia-cublas"),
            Map.entry("cuda_runtime", "nvidia-cuda-runtime"),
            Map.entry("cuda_nvrtc", "nvidia-cuda-nvrtc"),
            Map.entry("cuda_cupti", "nvidia-cuda-cupti"),
            Map.entry("cufft", "nvidia-cufft"),
            Map.entry("curand", "nvidia-curand"),
            Map.entry("cusolver", "nvidia-cusolver"),
            Map.entry("cusparse", "nvidia-cusparse"),
            Map.entry("cusparselt", "nvidia-cusparselt"),
            Map.entry("nvjitlink", "nvidia-nvjitlink"),
            Map.entry("nvshmem", "nvidia-nvshmem"),
            Map.entry("nvtx", "nvidia-nvtx"),
            Map.entry("cufile", "nvidia-cufile"));

    private CopyVersion() {
    }

    /**
     * @param realPath     the copy's real path
     * @param sitePackages the site-packages folder of the environment whose wheels may own it, or null
     * @param packages     that environment's distributions (normalized name -> version)
     */
    public static Optional<Found> of(String realPath, String sitePackages, Map<String, Version> packages) {
        String name = realPath.substring(realPath.lastIndexOf('/') + 1);
        Matcher m = VERSIONED_NAME.matcher(name);
        if (m.matches() && m.group(2).contains(".")) {
            return Version.parse(m.group(2)).map(v -> new Found(v, "file name"));
        }
        if (sitePackages == null || packages == null) {
            return Optional.empty();
        }
        String nvidia = sitePackages + "/nvidia/";
        if (!realPath.startsWith(nvidia)) {
            return Optional.empty();
        }
        String rest = realPath.substring(nvidia.length());
        String folder = rest.contains("/") ? rest.substring(0, rest.indexOf('/')) : rest;
        String prefix = FOLDER_WHEELS.get(folder);
        if (prefix == null && folder.matches("cu\\d+")) {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            prefix = SHARED_FOLDER_WHEELS.entrySet().stream()
                    .filter(e -> lower.startsWith(e.getKey() + ".") || lower.startsWith(e.getKey() + "_")
                            || lower.startsWith(e.getKey() + "-"))
                    .map(Map.Entry::getValue).findFirst().orElse(null);
        }
        if (prefix == null) {
            return Optional.empty();
        }
        String want = prefix;
        return packages.entrySet().stream()
                .filter(e -> e.getKey().equals(want) || e.getKey().startsWith(want + "-cu"))
                .findFirst()
                .map(e -> new Found(e.getValue(), "wheel " + e.getKey() + " " + e.getValue()));
    }
}
