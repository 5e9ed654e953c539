package dev.gpudoctor.probe.linker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.FakeHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcMapsTest {

    @TempDir
    Path tmp;

    /** This development machine's own /proc/self/maps (a cat process): libc and the loader are mapped. */
    @Test
    void readsARealMapsFile() throws Exception {
        String text = new String(LdCacheTest.resource("devhost/proc-self-maps.txt"), StandardCharsets.UTF_8);
        List<String> libs = ProcMaps.sharedObjects(text).value();
        assertThat(libs).anyMatch(p -> p.contains("libc.so.6")).anyMatch(p -> p.contains("ld-linux-x86-64.so.2"))
                .doesNotHaveDuplicates().noneMatch(p -> p.startsWith("["));
    }

    @Test
    void garbageAndEmptyAreFailedFacts() {
        assertThat(ProcMaps.sharedObjects("").status()).isEqualTo(Status.FAILED);
        assertThat(ProcMaps.sharedObjects("hello world\n").why()).startsWith("not a /proc/PID/maps line");
    }

    /** A torch job on the H200 had the wheel's cuDNN mapped (torch-loaded-libs.txt); --pid keeps only CUDA libraries. */
    @Test
    void pidOptionKeepsTheCudaLibrariesAProcessMapped() {
        String maps = String.join("\n",
                "7f00a0000000-7f00a0200000 r-xp 00000000 fd:01 1234 /opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9",
                "7f00b0000000-7f00b0100000 r-xp 00000000 fd:01 1235 /usr/local/nvidia/lib64/libcuda.so.580.159.04",
                "7f00c0000000-7f00c0100000 r-xp 00000000 fd:01 1236 /usr/lib/x86_64-linux-gnu/libc.so.6",
                "7ffd00000000-7ffd00021000 rw-p 00000000 00:00 0 [stack]", "");
        FakeHost h = new FakeHost(tmp).file("/proc/4242/maps", maps);
        List<dev.gpudoctor.fact.section.LinkerFacts.MappedProcess> p = LinkerProbe.processes(
                new ProbeContext(h, List.of(), List.of(4242, 999)));
        assertThat(p.get(0).cudaLibraries().value()).containsExactly(
                "/opt/torch/.venv/lib/python3.12/site-packages/nvidia/cudnn/lib/libcudnn.so.9",
                "/usr/local/nvidia/lib64/libcuda.so.580.159.04");
        assertThat(p.get(1).cudaLibraries().status()).as("no such process").isEqualTo(Status.ABSENT);
    }

    /** Found by LinkerParsersFuzzTest: a line was quoted with its control characters. */
    @Test
    void aLineOfControlCharactersIsQuotedWithoutThem() {
        assertThat(ProcMaps.sharedObjects("\u001e\u00b4").why()).isEqualTo("not a /proc/PID/maps line: ?\u00b4");
    }
}
