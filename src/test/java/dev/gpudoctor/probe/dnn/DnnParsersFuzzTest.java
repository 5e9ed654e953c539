package dev.gpudoctor.probe.dnn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import org.junit.jupiter.api.Test;

/** Hostile and broken cuDNN, TensorRT and NCCL headers and conda records never crash the parsers. */
class DnnParsersFuzzTest {

    @Test
    void versionHeaders() {
        // No capture kept NvInferVersion.h or nccl.h: their version lines as TensorRT 8, 10 and NCCL write them.
        var seeds = Seeds.all(Seeds.fixtures("rootfs/**/cudnn_version.h"), Seeds.fixtures("rootfs/**/include/cuda.h"),
                Seeds.texts("#define NV_TENSORRT_MAJOR 8 //!< TensorRT major version.\n#define NV_TENSORRT_MINOR 6\n"
                                + "#define NV_TENSORRT_PATCH 1\n#define NV_TENSORRT_BUILD 6\n",
                        "#define TRT_MAJOR_ENTERPRISE 10\n#define TRT_MINOR_ENTERPRISE 3\n#define TRT_PATCH_ENTERPRISE 0\n"
                                + "#define NV_TENSORRT_MAJOR TRT_MAJOR_ENTERPRISE //!< major\n"
                                + "#define NV_TENSORRT_MINOR TRT_MINOR_ENTERPRISE\n#define NV_TENSORRT_PATCH TRT_PATCH_ENTERPRISE\n",
                        "#define NCCL_MAJOR 2\n#define NCCL_MINOR 21\n#define NCCL_PATCH 5\n#define NCCL_SUFFIX \"\"\n"
                                + "#define NCCL_VERSION_CODE 22105\n"));
        var s = Fuzz.run("DnnHeaders", new Mutator(seeds), in -> {
            String text = Fuzz.text(in);
            return Fuzz.outcome(DnnHeaders.cudnn(text)) + "/" + Fuzz.outcome(DnnHeaders.tensorrt(text)) + "/"
                    + Fuzz.outcome(DnnHeaders.nccl(text));
        });
        assertThat(s.outcomes().keySet()).anyMatch(o -> o.contains("found"));
    }

    @Test
    void condaMetaRecords() {
        var seeds = Seeds.all(Seeds.texts("{\"name\":\"cudnn\",\"version\":\"8.9.2.26\",\"build\":\"cuda12_0\",\"depends\":[]}",
                "{\"build\": \"h4fbe9a2_0\", \"build_number\": 0, \"name\": \"cudatoolkit\", \"version\": \"11.8.0\"}"),
                Seeds.fixtures("rootfs/usr/local/*/version.json"));
        var s = Fuzz.run("CondaMeta", new Mutator(seeds), in -> Fuzz.outcome(CondaMeta.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }
}
