package dev.gpudoctor.probe.linker;

import dev.gpudoctor.fact.section.PythonFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The CUDA-facing native library of each framework in a Python environment: the object whose
 * dependencies decide which cuDNN, cuBLAS, cudart and NCCL copies the framework ends up with.
 */
final class FrameworkLibraries {

    /** A framework's library and the sonames it is known to open by name (beyond its DT_NEEDED). */
    record Target(String framework, String path, List<String> opened) {
    }

    static final Pattern CUDA_FACING = Pattern.compile(
            "^lib(cudart|cudnn|cublas|cublasLt|nccl|cufft|curand|cusparse|cusparseLt|cusolver|nvrtc|nvJitLink|cupti"
                    + "|cufile|nvinfer|nvshmem_host|cuda)(\\.so|_)");

    private FrameworkLibraries() {
    }

    static List<Target> of(PythonFacts.PythonEnv env) {
        String site = env.sitePackages();
        List<Target> out = new ArrayList<>();
        if (site == null) {
            return out;
        }
        out.add(new Target("torch", site + "/torch/lib/libtorch_cuda.so", List.of()));
        if (env.tensorflow().isFound()) {
            PythonFacts.TensorflowBuild tf = env.tensorflow().value();
            // TensorFlow opens its CUDA libraries with dlopen by these names, from its own library.
            List<String> names = new ArrayList<>();
            major(tf.builtForCuda()).ifPresent(m -> {
                names.add("libcudart.so." + m);
                names.add("libcublas.so." + m);
            });
            major(tf.builtForCudnn()).ifPresent(m -> names.add("libcudnn.so." + m));
            out.add(new Target("tensorflow", site + "/tensorflow/libtensorflow_framework.so.2", names));
        }
        out.add(new Target("onnxruntime", site + "/onnxruntime/capi/libonnxruntime_providers_cuda.so", List.of()));
        for (String plugin : List.of("xla_cuda12", "xla_cuda13")) {
            out.add(new Target("jax", site + "/jax_plugins/" + plugin + "/xla_cuda_plugin.so", List.of()));
        }
        return out;
    }

    private static java.util.Optional<String> major(String version) {
        if (version == null || version.isBlank()) {
            return java.util.Optional.empty();
        }
        String m = version.strip().split("\\.")[0];
        return m.matches("\\d+") ? java.util.Optional.of(m) : java.util.Optional.empty();
    }
}
