package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Python environments and the GPU frameworks in them, read from files without importing anything. */
public record PythonFacts(Fact<List<PythonEnv>> environments) implements Section {

    /**
     * One interpreter prefix with its site-packages.
     *
     * @param prefix       the environment's prefix ("/opt/torch/.venv")
     * @param kind         venv (pyvenv.cfg) | conda (conda-meta) | system (/usr, /usr/local) | prefix (any other)
     * @param foundBy      PATH, VIRTUAL_ENV, CONDA_PREFIX, --python, conda envs directory
     * @param pythonVersion X.Y from the lib/pythonX.Y directory
     * @param packages     GPU-relevant distributions, PEP 503 name -> release (local labels such as
     *                     "+cu130" dropped: the full text is in {@link TorchBuild#version()}), sorted by name
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PythonEnv(String prefix, String kind, List<String> foundBy, String pythonVersion,
                            String sitePackages, Map<String, Version> packages, Fact<TorchBuild> torch,
                            Fact<TensorflowBuild> tensorflow, Fact<OnnxruntimeBuild> onnxruntime) {
        public PythonEnv {
            if (prefix == null) {
                throw new IllegalArgumentException("a Python environment needs its prefix");
            }
            foundBy = List.copyOf(foundBy);
            // Sorted so that reports and their JSON read the same from run to run.
            packages = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(packages));
        }
    }

    /** From torch/version.py. {@code builtForCuda} is the CUDA the wheel was built with (null for CPU builds). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TorchBuild(String version, Version builtForCuda, String git, String hip) {
    }

    /** From tensorflow/python/platform/build_info.py. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TensorflowBuild(String version, Boolean isCudaBuild, String builtForCuda, String builtForCudnn) {
    }

    /** From onnxruntime/capi/version_info.py (or the onnxruntime-gpu distribution). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OnnxruntimeBuild(String version, String builtForCuda, String builtForCudnn) {
    }

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        if (!environments.isFound()) {
            return List.of(AreaLine.info("Python", environments.describe(x -> ""), List.of()));
        }
        for (PythonEnv e : environments.value()) {
            d.add(e.prefix() + " (" + e.kind() + ", python " + e.pythonVersion() + ", found by "
                    + String.join(", ", e.foundBy()) + ")");
            if (e.torch().isFound()) {
                TorchBuild t = e.torch().value();
                heads.add("torch " + t.version() + (t.builtForCuda() != null ? " (built for CUDA " + t.builtForCuda() + ")" : " (CPU build)"));
                d.add("    torch " + t.version() + ", built for CUDA " + (t.builtForCuda() == null ? "none" : t.builtForCuda()) + Sources.of(e.torch()));
            }
            if (e.tensorflow().isFound()) {
                TensorflowBuild t = e.tensorflow().value();
                heads.add("tensorflow " + t.version());
                d.add("    tensorflow " + t.version() + ", built for CUDA " + t.builtForCuda() + ", cuDNN " + t.builtForCudnn() + Sources.of(e.tensorflow()));
            }
            if (e.onnxruntime().isFound()) {
                OnnxruntimeBuild o = e.onnxruntime().value();
                d.add("    onnxruntime " + o.version() + (o.builtForCuda() != null ? ", CUDA " + o.builtForCuda() : " (no CUDA build info)") + Sources.of(e.onnxruntime()));
            }
            e.packages().forEach((name, v) -> d.add("    " + name + " " + v));
        }
        String head = environments.value().isEmpty() ? "no Python environment found"
                : heads.isEmpty() ? environments.value().size() + " environment(s), no GPU framework"
                : String.join(", ", heads);
        return List.of(AreaLine.info("Python", head, d));
    }
}
