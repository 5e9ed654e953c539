package dev.gpudoctor.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.testing.H200Fixture;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CudaParsersTest {

    @Test
    void nvccOfTheH200AndOfTheDevelopmentMachine() {
        assertThat(NvccVersion.parse(H200Fixture.sample("commands/nvcc-version.txt")).value()).hasToString("13.0.88");
        assertThat(NvccVersion.parse(H200Fixture.sample("/samples/devhost/nvcc-version.txt")).value()).hasToString("13.0.88");
    }

    @Test
    void nvccWithoutItsOwnNumberGivesTheRelease() {
        assertThat(NvccVersion.parse("Cuda compilation tools, release 9.0").value()).hasToString("9.0");
        assertThat(NvccVersion.parse("bash: nvcc: command not found").status()).isEqualTo(Status.FAILED);
        assertThat(NvccVersion.parse(null).status()).isEqualTo(Status.FAILED);
    }

    @Test
    void headerMacrosOfTheH200Capture() {
        String lines = H200Fixture.sample("commands/cuda-header-versions.txt");
        // The capture is grep output ("path:#define ..."): keep what follows the path.
        String text = lines.replaceAll("(?m)^[^:]*:", "");
        HeaderDefines d = HeaderDefines.parse(text);
        assertThat(Version.fromCudaInt(d.number("CUDA_VERSION").orElseThrow())).hasToString("13.0");
        assertThat(Version.fromCudaInt(d.number("CUDART_VERSION").orElseThrow())).hasToString("13.0");
    }

    @Test
    void headerExcerptsOfTheDevelopmentMachine() {
        assertThat(HeaderDefines.parse(H200Fixture.sample("/samples/devhost/cuda.h-excerpt.txt"))
                .require("CUDA_VERSION").value()).isEqualTo(13000);
        assertThat(HeaderDefines.parse(H200Fixture.sample("/samples/devhost/cuda_runtime_api.h-excerpt.txt"))
                .require("CUDART_VERSION").value()).isEqualTo(13000);
        assertThat(HeaderDefines.parse("garbage\n#define CUDA_VERSION").require("CUDA_VERSION").status())
                .isEqualTo(Status.FAILED);
    }

    @Test
    void versionJsonAsCuda11And12ShipIt() {
        // The layout of /usr/local/cuda-11.5/version.json (trimmed to the entries read).
        String json = """
                {
                   "cuda" : {
                      "name" : "CUDA SDK",
                      "version" : "11.5.2"
                   },
                   "cuda_cudart" : {
                      "name" : "CUDA Runtime (cudart)",
                      "version" : "11.5.117"
                   },
                   "cuda_nvcc" : {
                      "name" : "CUDA NVCC",
                      "version" : "11.5.119"
                   }
                }
                """;
        Map<String, Version> m = CudaVersionFiles.parseJson(json).value();
        assertThat(m).containsEntry("toolkit", Version.of("11.5.2")).containsEntry("cudart", Version.of("11.5.117"))
                .containsEntry("nvcc", Version.of("11.5.119"));
    }

    @Test
    void brokenVersionFilesAreFailedFacts() {
        assertThat(CudaVersionFiles.parseJson("").status()).isEqualTo(Status.FAILED);
        assertThat(CudaVersionFiles.parseJson("{\"cuda\": {\"name\": \"CUDA SDK\"").status()).isEqualTo(Status.FAILED);
        assertThat(CudaVersionFiles.parseJson("[1,2]").status()).isEqualTo(Status.FAILED);
        assertThat(CudaVersionFiles.parseJson("{\"cuda_nvcc\": {\"version\": \"12.4.131\"}}").status()).isEqualTo(Status.FAILED);
        assertThat(CudaVersionFiles.parseTxt("CUDA Version 10.2.89\n").value()).hasToString("10.2.89");
        assertThat(CudaVersionFiles.parseTxt("\u0000\u0000").status()).isEqualTo(Status.FAILED);
    }

    /** Found by CudaParsersFuzzTest: a component of 16 digits made Version.of throw out of the parser. */
    @Test
    void aComponentOfSixteenDigitsIsNoVersionAndNoException() {
        assertThat(NvccVersion.parse("release 1.7976931348623157").why()).isEqualTo("not a version: 1.7976931348623157");
        assertThat(CudaVersionFiles.parseTxt("CUDA Version 1844073709551612.9").status()).isEqualTo(Status.FAILED);
    }
}
