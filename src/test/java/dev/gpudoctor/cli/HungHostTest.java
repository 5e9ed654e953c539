package dev.gpudoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.testing.FakeDriverLibraries;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GPU that fell off the bus: nvidia-smi never returns, and NVML's and the CUDA driver's first
 * calls never return either. gpu-doctor check, run as its own process on such a host (fake
 * nvidia-smi first on PATH, fake libnvidia-ml.so.1 and libcuda.so.1 in hang mode on
 * LD_LIBRARY_PATH), ends within its --timeout plus one second, with findings saying so.
 */
class HungHostTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(60)
    void checkEndsOnTimeWithTheFindings() throws Exception {
        FakeDriverLibraries.Pair libs = FakeDriverLibraries.build(tmp.resolve("libs"), "hang");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path smi = bin.resolve("nvidia-smi");
        Files.writeString(smi, "#!/bin/sh\nexec sleep 3600\n");
        Files.setPosixFilePermissions(smi, PosixFilePermissions.fromString("rwxr-xr-x"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> base = List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.gpudoctor.cli.GpuDoctor");

        // The same check on a host that answers at once (healthy fakes, an nvidia-smi that returns):
        // what starting Java and gpu-doctor costs on this machine now, so the bound is on the hang.
        FakeDriverLibraries.Pair healthy = FakeDriverLibraries.build(tmp.resolve("libs"), "healthy-h100");
        Path quickBin = Files.createDirectories(tmp.resolve("quick-bin"));
        Path quickSmi = quickBin.resolve("nvidia-smi");
        Files.writeString(quickSmi, "#!/bin/sh\nexit 9\n");
        Files.setPosixFilePermissions(quickSmi, PosixFilePermissions.fromString("rwxr-xr-x"));
        int timeout = 3;
        List<String> check = List.of("check", "--timeout", String.valueOf(timeout), "--format", "json");
        long s0 = System.nanoTime();
        run(base, check, healthy, quickBin);
        double baseline = (System.nanoTime() - s0) / 1e9;

        long t0 = System.nanoTime();
        Result r = run(base, check, libs, bin);
        double wall = (System.nanoTime() - t0) / 1e9;
        assertThat(wall).as("wall %.1f s, the same check without hangs %.1f s", wall, baseline).isLessThan(timeout + 1 + baseline);
        double examined = dev.gpudoctor.report.Json.mapper().readTree(r.out()).path("elapsedMs").asDouble() / 1000;
        assertThat(examined).as("the examination itself").isLessThan(timeout + 1);
        assertThat(r.err()).doesNotContain("Exception");
        assertThat(r.out()).contains("NVML did not answer within", "the CUDA driver API did not answer within");
        // nvidia-smi's hang is said as such; on a machine too loaded for the probe to finish around it,
        // as the driver probe not completing, which is still a finding about it.
        assertThat(r.out()).containsAnyOf("timed out after", "The driver probe did not complete");
        assertThat(r.exit()).isEqualTo(1);
    }

    record Result(int exit, String out, String err) {
    }

    private static Result run(List<String> base, List<String> args, FakeDriverLibraries.Pair libs, Path bin) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(base);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("LD_LIBRARY_PATH", libs.nvml().getParent().toString());
        pb.environment().put("PATH", bin + ":/usr/bin:/bin");
        Path out = Files.createTempFile("hung-out", ".txt");
        Path err = Files.createTempFile("hung-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(50, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            throw new AssertionError("gpu-doctor did not end");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
