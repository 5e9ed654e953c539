package dev.gpudoctor.probe.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.Seeds;
import org.junit.jupiter.api.Test;

/** Hostile and broken toolkit files and nvcc output never crash the CUDA probe's parsers. */
class CudaParsersFuzzTest {

    @Test
    void versionJson() {
        var s = Fuzz.run("CudaVersionFiles.parseJson", new Mutator(Seeds.fixtures("rootfs/usr/local/*/version.json")),
                in -> Fuzz.outcome(CudaVersionFiles.parseJson(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    @Test
    void versionTxt() {
        // CUDA 10.2 and older: no capture kept one; the line as the toolkit writes it, and JSON to cross-breed.
        var seeds = Seeds.all(Seeds.texts("CUDA Version 10.2.89\n", "CUDA Version 9.0.176\n"),
                Seeds.fixtures("rootfs/usr/local/*/version.json"));
        var s = Fuzz.run("CudaVersionFiles.parseTxt", new Mutator(seeds),
                in -> Fuzz.outcome(CudaVersionFiles.parseTxt(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }

    /** cuda.h and cuda_runtime_api.h: every macro asked as a number, as the probes ask them. */
    @Test
    void headerDefines() {
        var seeds = Seeds.all(Seeds.fixtures("rootfs/**/include/*.h"), Seeds.samples("devhost/*.h-excerpt.txt"),
                Seeds.samples("h200/commands/cuda-header-versions.txt"));
        var s = Fuzz.run("HeaderDefines", new Mutator(seeds), in -> {
            HeaderDefines d = HeaderDefines.parse(Fuzz.text(in));
            d.defines().keySet().forEach(d::number);
            return Fuzz.outcome(d.require("CUDA_VERSION")) + "/" + Fuzz.outcome(d.require("CUDART_VERSION"));
        });
        assertThat(s.outcomes().keySet()).anyMatch(o -> o.contains("found"));
    }

    @Test
    void nvccVersion() {
        var seeds = Seeds.all(Seeds.fixtures("commands/nvcc*version.txt"), Seeds.samples("devhost/nvcc-version.txt"));
        var s = Fuzz.run("NvccVersion", new Mutator(seeds), in -> Fuzz.outcome(NvccVersion.parse(Fuzz.text(in))));
        assertThat(s.count("found")).isPositive();
        assertThat(s.count("failed")).isPositive();
    }
}
