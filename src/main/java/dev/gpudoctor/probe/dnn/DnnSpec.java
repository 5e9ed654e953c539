package dev.gpudoctor.probe.dnn;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What tells one deep-learning library's installs apart: its headers, its library's name, its
 * package names and where its wheel puts files. cuDNN, TensorRT and NCCL differ only in this data.
 *
 * @param packageName   dpkg/rpm names; group "cuda" (if any) holds the CUDA major ("libcudnn9-cuda-13")
 * @param pipName       normalized wheel names; group "cuda" holds the CUDA major ("nvidia-cudnn-cu13")
 * @param wheelLibDir   where the wheel's libraries are, relative to site-packages
 * @param wheelIncludeDir where the wheel's header is, relative to site-packages (null if none)
 */
record DnnSpec(String product, List<String> headerNames, Function<String, Fact<Version>> headerParser,
               String libStem, Pattern packageName, Pattern pipName, String wheelLibDir, String wheelIncludeDir,
               List<String> condaNames) {

    static final DnnSpec CUDNN = new DnnSpec("cuDNN", List.of("cudnn_version.h", "cudnn.h"), DnnHeaders::cudnn,
            "libcudnn", Pattern.compile("(lib)?cudnn\\d*(-cuda-(?<cuda>\\d+))?"),
            Pattern.compile("nvidia-cudnn-cu(?<cuda>\\d+)"), "nvidia/cudnn/lib", "nvidia/cudnn/include",
            List.of("cudnn"));

    static final DnnSpec TENSORRT = new DnnSpec("TensorRT", List.of("NvInferVersion.h"), DnnHeaders::tensorrt,
            "libnvinfer", Pattern.compile("libnvinfer\\d*|tensorrt(-cuda-(?<cuda>\\d+))?"),
            Pattern.compile("tensorrt(-cu(?<cuda>\\d+))?(-libs)?"), "tensorrt_libs", null,
            List.of("tensorrt", "libnvinfer"));

    static final DnnSpec NCCL = new DnnSpec("NCCL", List.of("nccl.h"), DnnHeaders::nccl,
            "libnccl", Pattern.compile("libnccl\\d+(-cuda-(?<cuda>\\d+))?"),
            Pattern.compile("nvidia-nccl-cu(?<cuda>\\d+)"), "nvidia/nccl/lib", "nvidia/nccl/include",
            List.of("nccl"));
}
