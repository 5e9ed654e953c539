package dev.gpudoctor.probe.python;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.fact.section.PythonFacts.PythonEnv;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonProbeTest {

    @TempDir
    Path dir;

    @Test
    void h200VenvFoundByPath() {
        PythonFacts p = new PythonProbe().probe(new ProbeContext(H200Fixture.build(dir)));
        assertThat(p.environments().value()).hasSize(1);
        PythonEnv e = p.environments().value().get(0);
        assertThat(e.prefix()).isEqualTo("/opt/torch/.venv");
        assertThat(e.kind()).isEqualTo("venv");
        assertThat(e.foundBy()).containsExactly("PATH");
        assertThat(e.pythonVersion()).isEqualTo("3.12");
        assertThat(e.sitePackages()).isEqualTo("/opt/torch/.venv/lib/python3.12/site-packages");
        assertThat(e.torch().value().version()).isEqualTo("2.11.0+cu130");
        assertThat(e.torch().value().builtForCuda()).hasToString("13.0");
        assertThat(e.torch().value().git()).startsWith("70d99e99");
        assertThat(e.packages()).containsKeys("torch", "jax", "jaxlib", "jax-cuda13-plugin", "jax-cuda13-pjrt",
                "cupy-cuda13x", "onnxruntime", "triton", "nvidia-cudnn-cu13", "nvidia-ml-py");
        assertThat(e.packages().get("nvidia-cudnn-cu13")).hasToString("9.19.0.56");
        assertThat(e.packages().get("jax")).hasToString("0.11.2");
        assertThat(e.packages().get("cupy-cuda13x")).hasToString("14.2.0");
        assertThat(e.packages()).doesNotContainKey("jaxtyping");
        assertThat(e.onnxruntime().value().version()).isEqualTo("1.30.0");
        assertThat(e.onnxruntime().value().builtForCuda()).as("the CPU wheel").isNull();
        assertThat(e.tensorflow().status()).isEqualTo(Status.ABSENT);
    }

    @Test
    void condaEnvsVirtualEnvAndExtraInterpreterAreFoundAndMerged() {
        FakeHost h = new FakeHost(dir)
                .dir("/opt/conda/conda-meta")
                .dir("/opt/conda/lib/python3.11/site-packages")
                .dir("/opt/conda/envs/tf/conda-meta")
                .file("/opt/conda/envs/tf/lib/python3.10/site-packages/tensorflow-2.15.0.dist-info/METADATA",
                        "Name: tensorflow\nVersion: 2.15.0\n")
                .file("/opt/conda/envs/tf/lib/python3.10/site-packages/tensorflow/python/platform/build_info.py",
                        "build_info = {'cuda_version': '12.2', 'cudnn_version': '8', 'is_cuda_build': True}\n")
                .file("/srv/app/venv/pyvenv.cfg", "home = /usr/bin\n")
                .dir("/srv/app/venv/lib/python3.12/site-packages/torch-2.5.1.dist-info")
                .file("/srv/app/venv/lib/python3.12/site-packages/torch/version.py",
                        "__version__ = '2.5.1+cpu'\ncuda: Optional[str] = None\n")
                .dir("/usr/lib/python3/dist-packages")
                .dir("/usr/lib/python3.11")
                .env("CONDA_EXE", "/opt/conda/bin/conda")
                .env("VIRTUAL_ENV", "/srv/app/venv");
        List<PythonEnv> envs = new PythonProbe().probe(new ProbeContext(h, List.of("/srv/app/venv/bin/python")))
                .environments().value();
        assertThat(envs).extracting(PythonEnv::prefix, PythonEnv::kind).containsExactly(
                org.assertj.core.groups.Tuple.tuple("/srv/app/venv", "venv"),
                org.assertj.core.groups.Tuple.tuple("/opt/conda", "conda"),
                org.assertj.core.groups.Tuple.tuple("/opt/conda/envs/tf", "conda"),
                org.assertj.core.groups.Tuple.tuple("/usr", "system"));
        assertThat(envs.get(0).foundBy()).containsExactly("VIRTUAL_ENV", "--python /srv/app/venv/bin/python");
        assertThat(envs.get(0).torch().value().builtForCuda()).as("CPU-only torch").isNull();
        assertThat(envs.get(2).tensorflow().value().builtForCuda()).isEqualTo("12.2");
        assertThat(envs.get(2).tensorflow().value().version()).isEqualTo("2.15.0");
        assertThat(envs.get(3).pythonVersion()).isEqualTo("3.11");
    }

    @Test
    void sharedLookupIsComputedOnce() {
        ProbeContext ctx = new ProbeContext(H200Fixture.build(dir));
        assertThat(PythonEnvironments.find(ctx)).isSameAs(PythonEnvironments.find(ctx));
    }
}
