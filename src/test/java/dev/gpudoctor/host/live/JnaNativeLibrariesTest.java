package dev.gpudoctor.host.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.host.CudaDriverReport;
import dev.gpudoctor.host.NvmlReport;
import dev.gpudoctor.testing.FakeDriverLibraries;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real JNA route, over fake driver libraries built with gcc: every behaviour the doctor must tell apart. */
class JnaNativeLibrariesTest {

    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path tmp;

    private JnaNativeLibraries fake(String mode) throws Exception {
        FakeDriverLibraries.Pair p = FakeDriverLibraries.build(tmp, mode);
        return new JnaNativeLibraries(p.nvml().toString(), p.cuda().toString());
    }

    @Test
    void jnaItselfIsAvailable() {
        assertThat(JnaNativeLibraries.bySoname().availability().value()).startsWith("JNA 5.18.1");
    }

    @Test
    void healthyH100AnswersEveryField() throws Exception {
        JnaNativeLibraries n = fake("healthy-h100");
        Fact<NvmlReport> nvml = n.nvml(DEADLINE);
        assertThat(nvml.status()).as(nvml.why()).isEqualTo(Status.FOUND);
        NvmlReport r = nvml.value();
        assertThat(r.driverVersion()).isEqualTo("580.159.04");
        assertThat(r.nvmlVersion()).isEqualTo("13.580.159");
        assertThat(r.cudaDriverVersion()).isEqualTo(13000);
        assertThat(r.library()).endsWith("healthy-h100/libnvidia-ml.so.1");
        assertThat(r.gpus()).containsExactly(new NvmlReport.Gpu(0, "NVIDIA H100 80GB HBM3",
                "GPU-00000000-1111-2222-3333-444444444444", "00000000:00:06.0", 9, 0, 81559L * 1024 * 1024,
                0, 1, 1, 0L, null, 0, 0, 0x1L, 34, 700000, null));
        assertThat(nvml.evidence()).singleElement().satisfies(e -> assertThat(e.where()).contains("nvmlShutdown"));

        Fact<CudaDriverReport> cuda = n.cudaDriver(DEADLINE);
        assertThat(cuda.value()).isEqualTo(new CudaDriverReport(13000, 0, null, 1, cuda.value().library()));
        assertThat(cuda.value().library()).endsWith("healthy-h100/libcuda.so.1");
    }

    @Test
    void driverNotLoadedIsAFailedNvmlInit() throws Exception {
        JnaNativeLibraries n = fake("driver-not-loaded");
        Fact<NvmlReport> nvml = n.nvml(DEADLINE);
        assertThat(nvml.status()).isEqualTo(Status.FAILED);
        assertThat(nvml.why()).isEqualTo("nvmlInit_v2: NVML_ERROR_DRIVER_NOT_LOADED (9)");
        Fact<CudaDriverReport> cuda = n.cudaDriver(DEADLINE);
        assertThat(cuda.isFound()).isTrue();
        assertThat(cuda.value().initResult()).isEqualTo(100);
        assertThat(cuda.value().initError()).isEqualTo("CUDA_ERROR_NO_DEVICE");
        assertThat(cuda.value().deviceCount()).isNull();
        assertThat(cuda.value().driverVersion()).isEqualTo(13000);
    }

    @Test
    void libraryAndKernelModuleMismatch() throws Exception {
        JnaNativeLibraries n = fake("version-mismatch");
        assertThat(n.nvml(DEADLINE).why()).isEqualTo("nvmlInit_v2: NVML_ERROR_LIB_RM_VERSION_MISMATCH (18)");
        CudaDriverReport cuda = n.cudaDriver(DEADLINE).value();
        assertThat(cuda.initResult()).isEqualTo(803);
        assertThat(cuda.initError()).isEqualTo("CUDA_ERROR_SYSTEM_DRIVER_MISMATCH");
    }

    /** cuInit's other failures on real hosts: a forward-compat libcuda too new for the driver (35),
     *  forward compat on a GeForce (804), a missing /dev/nvidia-uvm (999). Each keeps its own code and name. */
    @ParameterizedTest
    @CsvSource({
            "insufficient-driver, 35, CUDA_ERROR_INSUFFICIENT_DRIVER",
            "compat-unsupported, 804, CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE",
            "unknown-error, 999, CUDA_ERROR_UNKNOWN"})
    void cuInitFailuresKeepTheirCode(String mode, int code, String name) throws Exception {
        Fact<CudaDriverReport> cuda = fake(mode).cudaDriver(DEADLINE);
        assertThat(cuda.isFound()).as(cuda.why()).isTrue();
        assertThat(cuda.value().initResult()).isEqualTo(code);
        assertThat(cuda.value().initError()).isEqualTo(name);
        assertThat(cuda.value().deviceCount()).isNull();
        assertThat(cuda.value().driverVersion()).isEqualTo(13000);
    }

    @Test
    void noDevices() throws Exception {
        JnaNativeLibraries n = fake("no-devices");
        NvmlReport nvml = n.nvml(DEADLINE).value();
        assertThat(nvml.driverVersion()).isEqualTo("580.159.04");
        assertThat(nvml.gpus()).isEmpty();
        CudaDriverReport cuda = n.cudaDriver(DEADLINE).value();
        assertThat(cuda.initResult()).isEqualTo(100);
        assertThat(cuda.initError()).isEqualTo("CUDA_ERROR_NO_DEVICE");
    }

    @Test
    void aLostGpuIsThatDevicesErrorOnly() throws Exception {
        NvmlReport nvml = fake("gpu-lost").nvml(DEADLINE).value();
        assertThat(nvml.gpus()).hasSize(2);
        assertThat(nvml.gpus().get(0).name()).isEqualTo("NVIDIA H100 80GB HBM3");
        assertThat(nvml.gpus().get(0).error()).isNull();
        NvmlReport.Gpu lost = nvml.gpus().get(1);
        assertThat(lost.error()).isEqualTo("nvmlDeviceGetName: NVML_ERROR_GPU_IS_LOST (15)");
        assertThat(lost.name()).isNull();
        assertThat(lost.uuid()).isNull();
        assertThat(lost.index()).isEqualTo(1);
    }

    @Test
    void olderDriverFallsBackAndLeavesUnsupportedFieldsNull() throws Exception {
        NvmlReport.Gpu gpu = fake("old-driver").nvml(DEADLINE).value().gpus().get(0);
        assertThat(gpu.clocksEventReasons()).as("from nvmlDeviceGetCurrentClocksThrottleReasons").isEqualTo(0x4L);
        assertThat(gpu.powerLimitMilliwatts()).as("symbol missing").isNull();
        assertThat(gpu.temperatureC()).as("NOT_SUPPORTED").isNull();
        assertThat(gpu.error()).isNull();
        assertThat(gpu.name()).isEqualTo("NVIDIA H100 80GB HBM3");
    }

    @Test
    @Timeout(20)
    void aHangIsAFailedFactWithinTheDeadline() throws Exception {
        JnaNativeLibraries n = fake("hang");
        Duration deadline = Duration.ofMillis(1500);
        long t0 = System.nanoTime();
        Fact<NvmlReport> nvml = n.nvml(deadline);
        Fact<CudaDriverReport> cuda = n.cudaDriver(deadline);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(nvml.status()).isEqualTo(Status.FAILED);
        assertThat(nvml.why()).isEqualTo("NVML did not answer within 1500 ms (nvmlInit_v2)");
        assertThat(cuda.status()).isEqualTo(Status.FAILED);
        assertThat(cuda.why()).isEqualTo("the CUDA driver API did not answer within 1500 ms (cuInit)");
        assertThat(ms).isLessThan(2 * (1500 + 1000));
    }

    @Test
    void aMissingLibraryIsAbsentWithTheLoadersMessage() {
        JnaNativeLibraries n = new JnaNativeLibraries("libgpu-doctor-no-such-nvml.so.1", "libgpu-doctor-no-such-cuda.so.1");
        Fact<NvmlReport> nvml = n.nvml(DEADLINE);
        assertThat(nvml.status()).isEqualTo(Status.ABSENT);
        assertThat(nvml.why()).isEqualTo(
                "libgpu-doctor-no-such-nvml.so.1: cannot open shared object file: No such file or directory");
        Fact<CudaDriverReport> cuda = n.cudaDriver(DEADLINE);
        assertThat(cuda.status()).isEqualTo(Status.ABSENT);
        assertThat(cuda.why()).startsWith("libgpu-doctor-no-such-cuda.so.1: cannot open shared object file");
    }
}
