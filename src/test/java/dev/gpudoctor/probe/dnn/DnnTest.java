package dev.gpudoctor.probe.dnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.DnnFacts.Install;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DnnTest {

    private static final String SITE = "/opt/torch/.venv/lib/python3.12/site-packages";

    @TempDir
    Path dir;

    @Test
    void cudnnHeadersOfTheH200() {
        assertThat(DnnHeaders.cudnn(H200Fixture.sample("rootfs/usr/include/x86_64-linux-gnu/cudnn_version.h")).value())
                .hasToString("9.14.0");
        assertThat(DnnHeaders.cudnn(H200Fixture.sample("rootfs" + SITE + "/nvidia/cudnn/include/cudnn_version.h")).value())
                .hasToString("9.19.0");
        assertThat(DnnHeaders.cudnn("").status()).isEqualTo(Status.FAILED);
        assertThat(DnnHeaders.cudnn("#define CUDNN_MAJOR 9\n#define CUDNN_MINOR").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void tensorrtHeadersOldAndEnterpriseStyle() {
        assertThat(DnnHeaders.tensorrt("#define NV_TENSORRT_MAJOR 8 //!< major\n#define NV_TENSORRT_MINOR 6\n"
                + "#define NV_TENSORRT_PATCH 1\n").value()).hasToString("8.6.1");
        // TensorRT 10+: the public macros are aliases of the *_ENTERPRISE numbers.
        assertThat(DnnHeaders.tensorrt("#define TRT_MAJOR_ENTERPRISE 10\n#define TRT_MINOR_ENTERPRISE 13\n"
                + "#define TRT_PATCH_ENTERPRISE 0\n#define NV_TENSORRT_MAJOR TRT_MAJOR_ENTERPRISE //!< major\n"
                + "#define NV_TENSORRT_MINOR TRT_MINOR_ENTERPRISE\n#define NV_TENSORRT_PATCH TRT_PATCH_ENTERPRISE\n").value())
                .hasToString("10.13.0");
        assertThat(DnnHeaders.tensorrt("garbage").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void condaMetaRecords() {
        var p = CondaMeta.parse("{\"name\":\"cudnn\",\"version\":\"8.9.2.26\",\"build\":\"cuda12_0\",\"depends\":[]}").value();
        assertThat(p.version()).isEqualTo("8.9.2.26");
        assertThat(CondaMeta.parse("{\"name\":").status()).isEqualTo(Status.FAILED);
        assertThat(CondaMeta.parse("{}").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void h200HasTwoCudnnCopiesAndNoTensorrt() {
        DnnFacts d = new DnnProbe().probe(new ProbeContext(H200Fixture.build(dir)));
        Map<String, List<Install>> copies = DnnFacts.byLocation(d.cudnn().value());
        assertThat(copies).containsOnlyKeys("/usr/lib/x86_64-linux-gnu", SITE + "/nvidia/cudnn/lib");

        List<Install> system = copies.get("/usr/lib/x86_64-linux-gnu");
        assertThat(system).extracting(Install::origin).containsExactly("header", "library", "dpkg");
        assertThat(system).extracting(i -> i.version().toString()).containsExactly("9.14.0", "9.14.0", "9.14.0.64");
        assertThat(system.get(2).detail()).startsWith("libcudnn9-cuda-13 ");
        assertThat(system.get(2).cudaMajor()).isEqualTo(13);

        List<Install> wheel = copies.get(SITE + "/nvidia/cudnn/lib");
        assertThat(wheel).extracting(Install::origin).containsExactly("header", "library", "pip");
        assertThat(wheel.get(0).version()).hasToString("9.19.0");
        assertThat(wheel.get(2).version()).hasToString("9.19.0.56");
        assertThat(wheel.get(2).detail()).isEqualTo("nvidia-cudnn-cu13");
        assertThat(wheel.get(2).cudaMajor()).isEqualTo(13);

        assertThat(d.tensorrt().status()).isEqualTo(Status.ABSENT);
        assertThat(d.trtexec().status()).isEqualTo(Status.ABSENT);
        assertThat(d.summarize().get(0).headline()).as("the most precise version of each copy")
                .contains("9.14.0.64 (/usr/lib/x86_64-linux-gnu)", "9.19.0.56 (" + SITE);

        // NCCL: the system's 2.28.3 from apt, and the wheel's 2.28.9 that torch loads.
        Map<String, List<Install>> nccl = DnnFacts.byLocation(d.nccl().value());
        assertThat(nccl).containsOnlyKeys("/usr/lib/x86_64-linux-gnu", SITE + "/nvidia/nccl/lib");
        assertThat(nccl.get("/usr/lib/x86_64-linux-gnu")).extracting(Install::origin).contains("library", "dpkg");
        assertThat(nccl.get("/usr/lib/x86_64-linux-gnu")).filteredOn(i -> i.origin().equals("dpkg"))
                .singleElement().satisfies(i -> assertThat(i.cudaMajor()).as("from 2.28.3-1+cuda13.0").isEqualTo(13));
        assertThat(d.summarize().get(2).headline()).isEqualTo("2.28.3 (/usr/lib/x86_64-linux-gnu); 2.28.9 ("
                + SITE + "/nvidia/nccl/lib)");
    }

    @Test
    void tensorrtFromPackagesWheelAndTrtexec() {
        FakeHost h = new FakeHost(dir)
                .file("/var/lib/dpkg/status", "Package: libnvinfer10\nStatus: install ok installed\nArchitecture: amd64\n"
                        + "Version: 10.3.0.26-1+cuda12.5\n\nPackage: libcudnn8\nStatus: deinstall ok config-files\n"
                        + "Version: 8.9.7.29-1+cuda12.2\n")
                .file("/usr/lib/x86_64-linux-gnu/libnvinfer.so.10.3.0", "")
                .link("/usr/lib/x86_64-linux-gnu/libnvinfer.so.10", "libnvinfer.so.10.3.0")
                .file("/usr/src/tensorrt/bin/trtexec", "")
                .file("/opt/conda/conda-meta/cudnn-8.9.2.26-cuda12_0.json", "{\"name\":\"cudnn\",\"version\":\"8.9.2.26\"}")
                .dir("/opt/conda/lib/python3.11/site-packages/tensorrt_cu12-10.3.0.dist-info");
        DnnFacts d = new DnnProbe().probe(new ProbeContext(h));
        assertThat(d.tensorrt().value()).extracting(Install::origin, i -> i.version().toString(), Install::cudaMajor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("library", "10.3.0", null),
                        org.assertj.core.groups.Tuple.tuple("dpkg", "10.3.0.26", 12),
                        org.assertj.core.groups.Tuple.tuple("pip", "10.3.0", 12));
        assertThat(d.trtexec().value()).isEqualTo("/usr/src/tensorrt/bin/trtexec");
        assertThat(d.cudnn().value()).as("a removed package is not an install; conda's is")
                .extracting(Install::origin, Install::location)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("conda", "/opt/conda/lib"));
    }
}
