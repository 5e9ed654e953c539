package dev.gpudoctor.probe.python;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.PythonFacts.TorchBuild;
import dev.gpudoctor.testing.H200Fixture;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FrameworkBuildsTest {

    @Test
    void torchOfTheH200VenvIsACuda130Build() {
        TorchBuild t = FrameworkBuilds.torch(H200Fixture.sample(
                "rootfs/opt/torch/.venv/lib/python3.12/site-packages/torch/version.py")).value();
        assertThat(t.version()).isEqualTo("2.11.0+cu130");
        assertThat(t.builtForCuda()).hasToString("13.0");
        assertThat(t.git()).isEqualTo("70d99e998b4955e0049d13a98d77ae1b14db1f45");
        assertThat(t.hip()).isNull();
    }

    @Test
    void cpuOnlyTorch() {
        String cpu = H200Fixture.sample("rootfs/opt/torch/.venv/lib/python3.12/site-packages/torch/version.py")
                .replace("'2.11.0+cu130'", "'2.11.0+cpu'").replace("cuda: Optional[str] = '13.0'", "cuda: Optional[str] = None");
        TorchBuild t = FrameworkBuilds.torch(cpu).value();
        assertThat(t.version()).isEqualTo("2.11.0+cpu");
        assertThat(t.builtForCuda()).isNull();
        // The older spelling without a type annotation.
        assertThat(FrameworkBuilds.torch("__version__ = '1.13.1'\ncuda = None\n").value().builtForCuda()).isNull();
    }

    @Test
    void brokenTorchVersionFiles() {
        assertThat(FrameworkBuilds.torch("").status()).isEqualTo(Status.FAILED);
        assertThat(FrameworkBuilds.torch("__version__ = '2.1.0'\ncuda = 'twelve'\n").status()).isEqualTo(Status.FAILED);
        assertThat(FrameworkBuilds.torch("\u0000garbage = = '").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void tensorflowBuildInfoDict() {
        String text = "# Generated file\nbuild_info = {'cpu_compiler': '/usr/bin/gcc', 'cuda_compute_capabilities': "
                + "['sm_60', 'sm_70'], 'cuda_version': '12.2', 'cudnn_version': '8', 'is_cuda_build': True, "
                + "'is_rocm_build': False, 'is_tensorrt_build': True}\n";
        var tf = FrameworkBuilds.tensorflow(text, "2.15.0").value();
        assertThat(tf.builtForCuda()).isEqualTo("12.2");
        assertThat(tf.builtForCudnn()).isEqualTo("8");
        assertThat(tf.isCudaBuild()).isTrue();
        assertThat(FrameworkBuilds.tensorflow("nothing here", "2.15.0").status()).isEqualTo(Status.FAILED);
    }

    /**
     * What TensorFlow's gen_build_info.py really writes (tensorflow 2.15.0's wheel): sorted
     * ('key', value) pairs in an OrderedDict, not a dict literal.
     */
    @Test
    void tensorflowBuildInfoAsWrittenByTheWheel() {
        String text = "\"\"\"Auto-generated module providing information about the build.\"\"\"\n"
                + "import collections\n\n"
                + "build_info = collections.OrderedDict([('cpu_compiler', '/usr/lib/llvm-17/bin/clang'), "
                + "('cuda_compute_capabilities', ['sm_50', 'sm_60', 'sm_70', 'sm_80', 'compute_90']), "
                + "('cuda_version', '12.2'), ('cudnn_version', '8'), ('is_cuda_build', True), "
                + "('is_rocm_build', False), ('is_tensorrt_build', True)])\n";
        var tf = FrameworkBuilds.tensorflow(text, "2.15.0").value();
        assertThat(tf.builtForCuda()).isEqualTo("12.2");
        assertThat(tf.builtForCudnn()).isEqualTo("8");
        assertThat(tf.isCudaBuild()).isTrue();
        var cpu = FrameworkBuilds.tensorflow("build_info = collections.OrderedDict([('cpu_compiler', '/usr/bin/gcc'), "
                + "('is_cuda_build', False), ('is_rocm_build', False)])\n", "2.15.0").value();
        assertThat(cpu.isCudaBuild()).isFalse();
        assertThat(cpu.builtForCuda()).isNull();
    }

    @Test
    void onnxruntimeVersionInfo() {
        var o = FrameworkBuilds.onnxruntime("use_cuda = True\n\ncuda_version = \"12.2\"\ncudnn_version = \"9\"\n", "1.20.1").value();
        assertThat(o.builtForCuda()).isEqualTo("12.2");
        assertThat(o.builtForCudnn()).isEqualTo("9");
        assertThat(FrameworkBuilds.onnxruntime("use_cuda = False\n", "1.20.1").value().builtForCuda()).isNull();
        assertThat(FrameworkBuilds.onnxruntime("", "1.20.1").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void distInfoNamesAndVersions() {
        assertThat(DistInfo.fromDirName("nvidia_cudnn_cu13-9.19.0.56.dist-info")).hasValueSatisfying(d -> {
            assertThat(d.name()).isEqualTo("nvidia-cudnn-cu13");
            assertThat(d.version()).isEqualTo("9.19.0.56");
        });
        assertThat(DistInfo.fromDirName("torch")).isEmpty();
        assertThat(DistInfo.metadataVersion("Metadata-Version: 2.4\nName: torch\nVersion: 2.11.0+cu130\n")).hasValue("2.11.0+cu130");
        assertThat(DistInfo.release("2.11.0+cu130")).hasValueSatisfying(v -> assertThat(v).hasToString("2.11.0"));
        assertThat(DistInfo.isGpuRelevant("jax-cuda13-plugin")).isTrue();
        assertThat(DistInfo.isGpuRelevant("jaxtyping")).isFalse();
    }

    /** Found by PythonParsersFuzzTest: with lines ended by a lone CR, the assignments took quadratic time. */
    @Test
    void linesEndedByALoneCarriageReturnAreReadInLinearTime() {
        String text = "__version__ = '2.5.1+cu124'\rcuda: Optional[str] = '12.4'\r" + "cuda:lse\r".repeat(60_000);
        var f = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> FrameworkBuilds.torch(text));
        assertThat(f.value().version()).isEqualTo("2.5.1+cu124");
        assertThat(f.value().builtForCuda()).hasToString("12.4");
    }

    /** Found by PythonParsersFuzzTest: a dist-info name of 7 KB of "1." overflowed a probe thread's stack. */
    @Test
    void aReleaseOfThousandsOfComponentsIsNoStackOverflow() {
        String name = "t-" + "1.".repeat(20_000) + "1.dist-info";
        var release = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> DistInfo.release(DistInfo.fromDirName(name).orElseThrow().version()));
        assertThat(release.orElseThrow().size()).isLessThanOrEqualTo(16);
    }
}
