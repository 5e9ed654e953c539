package dev.gpudoctor.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DeepFacts;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.report.Json;
import dev.gpudoctor.report.Reports;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rules that no fixture host triggers yet, each on the real H200 facts with the one fact
 * changed that makes the case (the facts go through JSON, as a saved report would).
 */
class RulesOnEditedFactsTest {

    @TempDir
    Path tmp;

    JsonNode h200;

    @BeforeEach
    void readH200() throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle("h200-torch-container"), tmp);
        h200 = Json.mapper().readTree(Json.write(Examination.of(host, List.of(), Duration.ofSeconds(30)).facts()));
    }

    private List<String> codesAfter(Consumer<ObjectNode> edit) throws Exception {
        return findingsAfter(edit).stream().map(Finding::code).toList();
    }

    private List<Finding> findingsAfter(Consumer<ObjectNode> edit) throws Exception {
        ObjectNode facts = h200.deepCopy();
        edit.accept(facts);
        HostFacts f = Json.mapper().treeToValue(facts, HostFacts.class);
        return Reports.diagnose(f, List.of());
    }

    private static ObjectNode at(ObjectNode root, String pointer) {
        return (ObjectNode) root.at(pointer);
    }

    @Test
    void migEnabledEccErrorsAndRowRemapping() throws Exception {
        assertThat(codesAfter(f -> at(f, "/driver/smi/value/gpus/0").put("migCurrent", "Enabled")))
                .contains("gpu.mig-enabled");
        assertThat(codesAfter(f -> at(f, "/driver/smi/value/gpus/0").put("volatileUncorrectedEcc", 3)))
                .contains("gpu.uncorrected-ecc-errors");
        assertThat(codesAfter(f -> at(f, "/driver/smi/value/gpus/0").put("remappedRowsFailure", "Yes")))
                .contains("gpu.row-remap-failure");
        assertThat(codesAfter(f -> at(f, "/driver/smi/value/gpus/0").put("remappedRowsPending", "Yes")))
                .contains("gpu.row-remap-pending");
    }

    /** torch built for CUDA 13.0 on a driver whose ceiling is 12.8: the "driver insufficient" crash. */
    @Test
    void frameworkCudaAboveTheDriver() throws Exception {
        assertThat(codesAfter(f -> at(f, "/driver/smi/value").put("cudaCeiling", "12.8")))
                .contains("framework.cuda-above-driver", "toolkit.above-driver")
                .doesNotContain("framework.cuda-minor-above-driver");
        assertThat(codesAfter(f -> at(f, "/python/environments/value/0/torch/value").put("builtForCuda", "13.2")))
                .contains("framework.cuda-minor-above-driver").doesNotContain("framework.cuda-above-driver");
    }

    @Test
    void cpuOnlyTorchOnAGpuHost() throws Exception {
        assertThat(codesAfter(f -> at(f, "/python/environments/value/0/torch/value").remove("builtForCuda")))
                .contains("framework.cpu-only-build");
    }

    /** The image asks for CUDA 13.0; a driver whose ceiling is 12.4, of a branch it does not list, fails it. */
    @Test
    void requireCudaUnmetByAnOlderDriver() throws Exception {
        assertThat(codesAfter(f -> {
            at(f, "/driver/smi/value").put("cudaCeiling", "12.4").put("driverVersion", "550.54.15");
            at(f, "/kernel/module/value").put("version", "550.54.15");
        })).doesNotContain("container.require-cuda-unmet").as("brand=nvidia,driver>=550,driver<551 holds");
        assertThat(codesAfter(f -> {
            at(f, "/driver/smi/value").put("cudaCeiling", "12.6").put("driverVersion", "560.35.03");
            at(f, "/kernel/module/value").put("version", "560.35.03");
        })).contains("container.require-cuda-unmet");
    }

    @Test
    void wslOne() throws Exception {
        assertThat(codesAfter(f -> at(f, "/container").set("wsl", Json.mapper().valueToTree(
                dev.gpudoctor.fact.Fact.found(new dev.gpudoctor.fact.section.ContainerFacts.Wsl(1,
                        "Linux version 4.4.0-19041-Microsoft", false))))))
                .contains("wsl.version-1");
    }

    /** LD_LIBRARY_PATH leads torch's libcuda.so.1 to the older forward-compat copy: error 803. */
    @Test
    void olderCompatLibcudaLoaded() throws Exception {
        List<String> codes = codesAfter(f -> {
            for (JsonNode dep : f.at("/linker/resolutions/value/0/dependencies")) {
                if (dep.path("soname").asText().equals("libcuda.so.1")) {
                    ((ObjectNode) dep).put("resolvedPath", "/usr/local/cuda-13.0/compat/libcuda.so.580.95.05");
                }
            }
        });
        assertThat(codes).contains("compat.loaded-older-than-driver").doesNotContain("compat.older-than-driver");
    }

    @Test
    void unresolvableDependencyAndMissingNodesAndFailingSmi() throws Exception {
        assertThat(codesAfter(f -> ((ObjectNode) f.at("/linker/resolutions/value/0/dependencies/0")).remove("resolvedPath")))
                .contains("linker.not-found");
        assertThat(codesAfter(f -> {
            ArrayNode nodes = (ArrayNode) f.at("/kernel/deviceNodes/value");
            for (int i = nodes.size() - 1; i >= 0; i--) {
                if (nodes.get(i).path("path").asText().equals("/dev/nvidia0")) {
                    nodes.remove(i);
                }
            }
        })).contains("device-node.missing").doesNotContain("device-node.uvm-missing");
        assertThat(codesAfter(f -> ((ObjectNode) f.at("/driver")).set("smi", Json.mapper().valueToTree(
                dev.gpudoctor.fact.Fact.failed("exited 9: NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.")))))
                .contains("driver.smi-failed");
    }

    /**
     * A Tesla K80 (compute capability 3.7, per gpus.yaml) with torch 2.11+cu130 (kernels for 7.5 to 12.0,
     * per pytorch.yaml) and the CUDA 13.0 toolkit (CUDA 12.0 dropped sm_37, per cuda-toolkit.yaml).
     */
    @Test
    void oldGpuWithNewTorchAndToolkit() throws Exception {
        assertThat(codesAfter(f -> at(f, "/driver/smi/value/gpus/0").put("name", "Tesla K80")))
                .contains("framework.gpu-arch-not-in-build", "toolkit.gpu-arch-dropped");
        assertThat(codesAfter(f -> { }))
                .doesNotContain("framework.gpu-arch-not-in-build", "toolkit.gpu-arch-dropped");
    }

    /**
     * torch 2.11+cu130 lists 8.6 but not 8.9: an Ada GPU runs the sm_86 kernels (a cubin runs on the
     * same major with an equal or higher minor), so neither "no kernels" nor "PTX only" applies.
     */
    @Test
    void adaGpuRunsTheKernelsOfALowerMinor() throws Exception {
        assertThat(codesAfter(f -> at(f, "/driver/smi/value/gpus/0").put("name", "NVIDIA L40S")))
                .doesNotContain("framework.gpu-arch-not-in-build", "framework.gpu-arch-by-ptx-only");
        assertThat(dev.gpudoctor.diagnosis.rules.GpuArchitectureRule.runsOn(
                dev.gpudoctor.fact.Version.of("8.6"), dev.gpudoctor.fact.Version.of("8.9"))).isTrue();
        assertThat(dev.gpudoctor.diagnosis.rules.GpuArchitectureRule.runsOn(
                dev.gpudoctor.fact.Version.of("8.9"), dev.gpudoctor.fact.Version.of("8.6"))).isFalse();
        assertThat(dev.gpudoctor.diagnosis.rules.GpuArchitectureRule.runsOn(
                dev.gpudoctor.fact.Version.of("7.5"), dev.gpudoctor.fact.Version.of("8.0"))).isFalse();
    }

    /** A newer compat libcuda loaded on a GeForce: forward compatibility is for data-centre GPUs (error 804). */
    @Test
    void forwardCompatOnAGeforce() throws Exception {
        java.util.function.Consumer<ObjectNode> newerCompatLoaded = f -> {
            ObjectNode copy = (ObjectNode) f.at("/cuda/forwardCompat/value/0");
            copy.put("version", "590.48.01").put("realPath", "/usr/local/cuda-13.0/compat/libcuda.so.590.48.01");
            for (JsonNode dep : f.at("/linker/resolutions/value/0/dependencies")) {
                if (dep.path("soname").asText().equals("libcuda.so.1")) {
                    ((ObjectNode) dep).put("resolvedPath", "/usr/local/cuda-13.0/compat/libcuda.so.590.48.01");
                }
            }
        };
        assertThat(codesAfter(newerCompatLoaded.andThen(f -> at(f, "/driver/smi/value/gpus/0")
                .put("name", "NVIDIA GeForce RTX 4090")))).contains("compat.unsupported-gpu");
        assertThat(codesAfter(newerCompatLoaded)).as("the H200 is a data-centre GPU").doesNotContain("compat.unsupported-gpu");
    }

    /**
     * What collect_env got wrong, made true: had torch loaded the system cuDNN 9.14 (by LD_LIBRARY_PATH),
     * it would run an older cuDNN than the 9.17.1.4 torch 2.11 cu130 is built with (pytorch.yaml).
     */
    @Test
    void torchLoadingAnOlderCudnnThanItsBuild() throws Exception {
        java.util.function.Consumer<ObjectNode> loads = f -> {
            for (JsonNode dep : f.at("/linker/resolutions/value/0/dependencies")) {
                if (dep.path("soname").asText().equals("libcudnn.so.9")) {
                    ((ObjectNode) dep).put("resolvedPath", "/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0")
                            .put("via", "ld_library_path").put("version", "9.14.0");
                }
            }
        };
        assertThat(codesAfter(loads)).contains("framework.library-older-than-build");
        assertThat(codesAfter(f -> { })).doesNotContain("framework.library-older-than-build",
                "framework.library-major-differs-from-build");
    }

    /** pip installed tensorrt 10.3 bindings beside 10.0 libraries (a partial upgrade). */
    @Test
    void tensorrtWheelsOfTwoVersions() throws Exception {
        String site = "/opt/torch/.venv/lib/python3.12/site-packages";
        assertThat(codesAfter(f -> ((ObjectNode) f.at("/dnn")).set("tensorrt", Json.mapper().valueToTree(
                dev.gpudoctor.fact.Fact.found(List.of(
                        new dev.gpudoctor.fact.section.DnnFacts.Install(dev.gpudoctor.fact.Version.of("10.3.0"),
                                site + "/tensorrt_libs", "pip", "tensorrt-cu12", 12, List.of()),
                        new dev.gpudoctor.fact.section.DnnFacts.Install(dev.gpudoctor.fact.Version.of("10.0.1"),
                                site + "/tensorrt_libs", "pip", "tensorrt-cu12-libs", 12, List.of())))))))
                .contains("tensorrt.wheel-versions-differ");
    }

    /** TensorRT for CUDA 13 (libnvinfer10 from a -cuda-13 package) on a driver whose ceiling is 12.8. */
    @Test
    void tensorrtForANewerCudaMajorThanTheDriver() throws Exception {
        java.util.function.Consumer<ObjectNode> trt13 = f -> ((ObjectNode) f.at("/dnn")).set("tensorrt",
                Json.mapper().valueToTree(dev.gpudoctor.fact.Fact.found(List.of(
                        new dev.gpudoctor.fact.section.DnnFacts.Install(dev.gpudoctor.fact.Version.of("10.13.3.9"),
                                "/usr/lib/x86_64-linux-gnu", "dpkg", "libnvinfer10 10.13.3.9-1+cuda13.0", 13, List.of())))));
        assertThat(codesAfter(trt13)).doesNotContain("tensorrt.cuda-major-unavailable");
        assertThat(codesAfter(trt13.andThen(f -> at(f, "/driver/smi/value").put("cudaCeiling", "12.8"))))
                .contains("tensorrt.cuda-major-unavailable");
    }

    /** cuInit returning 999 and NVML not initializing: the driver's own libraries say CUDA cannot run. */
    @Test
    void nativeAnswersThatSayCudaCannotRun() throws Exception {
        assertThat(codesAfter(f -> ((ObjectNode) f.at("/natives")).set("cudaDriver", Json.mapper().valueToTree(
                dev.gpudoctor.fact.Fact.found(new dev.gpudoctor.host.CudaDriverReport(13000, 999, "CUDA_ERROR_UNKNOWN", null,
                        "libcuda.so.1"))))))
                .contains("native.cuinit-failed");
        assertThat(codesAfter(f -> ((ObjectNode) f.at("/natives")).set("nvml", Json.mapper().valueToTree(
                dev.gpudoctor.fact.Fact.failed("nvmlInit_v2: NVML_ERROR_DRIVER_NOT_LOADED (9)")))))
                .contains("native.nvml-failed");
        assertThat(codesAfter(f -> ((ObjectNode) f.at("/natives")).set("nvml", Json.mapper().valueToTree(
                dev.gpudoctor.fact.Fact.found(new dev.gpudoctor.host.NvmlReport("580.95.05", "13.580.95", 13000, null, List.of()))))))
                .contains("native.nvml-disagrees-with-nvidia-smi");
        assertThat(codesAfter(f -> { })).doesNotContain("native.cuinit-failed", "native.nvml-failed",
                "native.nvml-disagrees-with-nvidia-smi");
    }

    /** A job (--pid) that mapped the system cuDNN while torch's search path leads to the wheel's. */
    @Test
    void runningProcessMappedAnotherCopy() throws Exception {
        java.util.function.Function<String, java.util.function.Consumer<ObjectNode>> mapped = path -> f -> ((ObjectNode) f.at("/linker"))
                .set("processes", Json.mapper().valueToTree(List.of(new dev.gpudoctor.fact.section.LinkerFacts.MappedProcess(
                        4242, dev.gpudoctor.fact.Fact.found(List.of(path))))));
        assertThat(codesAfter(mapped.apply("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0"))).contains("linker.process-differs");
        assertThat(codesAfter(mapped.apply("/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9")))
                .doesNotContain("linker.process-differs");
    }

    /** --deep on the H200: torch itself agrees with the emulation (91900 = 9.19.0); other answers do not. */
    @Test
    void deepAnswers() throws Exception {
        String venv = "/opt/torch/.venv";
        String wheelCudnn = venv + "/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9";
        java.util.function.BiFunction<DeepFacts.Answer, List<String>, java.util.function.Consumer<ObjectNode>> deep =
                (a, mapped) -> f -> f.set("deep", Json.mapper().valueToTree(new DeepFacts(dev.gpudoctor.fact.Fact.found(List.of(
                        new DeepFacts.Run(venv, venv + "/bin/python3", "torch", dev.gpudoctor.fact.Fact.found(a), mapped,
                                List.of("UserWarning: CUDA initialization: The NVIDIA driver on your system is too old")))))));
        java.util.function.Function<DeepFacts.Answer, java.util.function.Consumer<ObjectNode>> answer = a -> deep.apply(a, List.of());
        var agrees = torch(Version.of("9.19.0"), true, Map.of("matmul", true, "conv", true));
        assertThat(codesAfter(deep.apply(agrees, List.of(wheelCudnn)))).doesNotContain("deep.differs-from-emulation",
                "deep.gpu-unavailable", "deep.wrong-result");
        // /proc/self/maps names the file behind the soname link: the same copy.
        assertThat(codesAfter(deep.apply(agrees, List.of(wheelCudnn + ".19.0")))).doesNotContain("deep.differs-from-emulation");
        assertThat(codesAfter(answer.apply(torch(Version.of("9.14.0"), true, Map.of())))).contains("deep.differs-from-emulation");
        assertThat(codesAfter(deep.apply(agrees, List.of("/usr/lib/x86_64-linux-gnu/libcudnn.so.9.14.0"))))
                .contains("deep.differs-from-emulation");
        assertThat(findingsAfter(answer.apply(torch(Version.of("9.19.0"), false, Map.of()))))
                .filteredOn(x -> x.code().equals("deep.gpu-unavailable")).singleElement()
                .satisfies(x -> assertThat(x.evidence()).anyMatch(e -> e.contains("driver on your system is too old")));
        assertThat(codesAfter(answer.apply(torch(Version.of("9.19.0"), true, Map.of("matmul", false, "conv", true)))))
                .contains("deep.wrong-result");
        // A CPU-only build that sees no GPU is its nature (framework.cpu-only-build says so), not a failed GPU.
        assertThat(codesAfter(answer.apply(new DeepFacts.Answer("2.11.0+cpu", null, null, null, false, null, null, null, null))))
                .doesNotContain("deep.gpu-unavailable");
    }

    /** onnxruntime-gpu whose CUDA provider did not load: the session quietly ran on the CPU. */
    @Test
    void deepOnnxruntimeFallingBackToTheCpu() throws Exception {
        String venv = "/opt/torch/.venv";
        var fellBack = new DeepFacts.Answer("1.20.1", "12.6", "9", null, false, null, null,
                List.of("CPUExecutionProvider"), null);
        List<Finding> found = findingsAfter(f -> f.set("deep", Json.mapper().valueToTree(new DeepFacts(dev.gpudoctor.fact.Fact.found(List.of(
                new DeepFacts.Run(venv, venv + "/bin/python3", "onnxruntime", dev.gpudoctor.fact.Fact.found(fellBack), List.of(),
                        List.of("Failed to load library libonnxruntime_providers_cuda.so with error: libcublasLt.so.12: "
                                + "cannot open shared object file: No such file or directory"))))))));
        assertThat(found).filteredOn(x -> x.code().equals("deep.gpu-unavailable")).singleElement().satisfies(x -> {
            assertThat(x.title()).isEqualTo("onnxruntime 1.20.1 (/opt/torch/.venv) is a GPU build but uses no GPU here");
            assertThat(x.evidence()).anyMatch(e -> e.contains("session providers [CPUExecutionProvider]"))
                    .anyMatch(e -> e.contains("libcublasLt.so.12: cannot open shared object file"));
        });
    }

    private static DeepFacts.Answer torch(Version cudnn, boolean gpu, Map<String, Boolean> checks) {
        return new DeepFacts.Answer("2.11.0+cu130", "13.0", null, cudnn, gpu, gpu ? List.of("NVIDIA H200 (9.0)") : null,
                checks, null, null);
    }

    /** A rule that throws becomes a finding; the other rules' findings stand. */
    @Test
    void aBrokenRuleDoesNotHideTheOthers() throws Exception {
        HostFacts f = Json.mapper().treeToValue(h200, HostFacts.class);
        Rule broken = new Rule() {
            public List<String> codes() {
                return List.of("test.broken");
            }

            public List<Finding> check(HostFacts facts) {
                throw new IllegalStateException("bug in a rule");
            }
        };
        List<Finding> out = new Diagnoser(List.of(broken, new dev.gpudoctor.diagnosis.rules.GpuHealthRule(),
                new dev.gpudoctor.diagnosis.rules.LibraryCopiesRule())).diagnose(f, List.of());
        assertThat(out).extracting(Finding::code).contains(Diagnoser.INCOMPLETE, "cudnn.multiple-copies");
        assertThat(out).filteredOn(x -> x.code().equals(Diagnoser.INCOMPLETE)).singleElement()
                .satisfies(x -> assertThat(x.explanation()).contains("IllegalStateException: bug in a rule"));
    }
}
