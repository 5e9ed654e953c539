package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.NativeFacts;
import dev.gpudoctor.host.CudaDriverReport;
import java.util.ArrayList;
import java.util.List;

/**
 * What the driver's own libraries say: cuInit's result is the truth about whether CUDA works at
 * all, whatever the files suggest; NVML failing to initialize says why nvidia-smi fails too.
 */
public final class NativeRule implements Rule {

    static final String CUINIT = "native.cuinit-failed";
    static final String NVML = "native.nvml-failed";
    static final String DISAGREE = "native.nvml-disagrees-with-nvidia-smi";

    @Override
    public List<String> codes() {
        return List.of(CUINIT, NVML, DISAGREE);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        NativeFacts n = f.natives();
        if (n == null) {
            return out;
        }
        if (n.cudaDriver() != null && n.cudaDriver().isFound() && n.cudaDriver().value().initResult() != 0) {
            CudaDriverReport c = n.cudaDriver().value();
            out.add(new Finding(CUINIT, Severity.ERROR, "Native", "cuInit fails with " + c.initError() + " (" + c.initResult() + ")",
                    "The CUDA driver API does not initialize, so no CUDA program can run here: " + meaning(c.initResult()),
                    List.of("cuInit(0) = " + c.initResult() + " " + c.initError() + (c.library() == null ? "" : " [" + c.library() + "]")),
                    List.of(Fix.advice(advice(c.initResult()), "https://docs.nvidia.com/cuda/cuda-driver-api/group__CUDA__TYPES.html"))));
        }
        if (n.nvml() != null && n.nvml().status() == Status.FAILED && n.nvml().why() != null
                && !n.nvml().why().contains("LIB_RM_VERSION_MISMATCH")) {
            out.add(new Finding(NVML, Severity.ERROR, "Native", "NVML cannot initialize: " + n.nvml().why(),
                    "NVML is the driver's management library (nvidia-smi, DCGM, the container toolkit and frameworks use it); "
                            + "it failing means the driver is not usable as installed.",
                    List.of("NVML: " + n.nvml().why()),
                    List.of(Fix.advice("NVML_ERROR_DRIVER_NOT_LOADED: load or install the driver; NVML_ERROR_NO_PERMISSION: "
                            + "check /dev/nvidia* permissions; NVML_ERROR_GPU_IS_LOST: see dmesg for Xid errors and reset the GPU.",
                            "https://docs.nvidia.com/deploy/nvml-api/"))));
        }
        if (n.nvml() != null && n.nvml().isFound() && f.driver() != null && f.driver().smi().isFound()
                && n.nvml().value().driverVersion() != null
                && !n.nvml().value().driverVersion().equals(f.driver().smi().value().driverVersion().toString())) {
            out.add(new Finding(DISAGREE, Severity.WARNING, "Native",
                    "NVML reports driver " + n.nvml().value().driverVersion() + ", nvidia-smi " + f.driver().smi().value().driverVersion(),
                    "Two different copies of the NVML library answer: nvidia-smi and the frameworks do not see the same driver.",
                    List.of("NVML via libnvidia-ml.so.1: " + n.nvml().value().driverVersion(),
                            "nvidia-smi -q -x: " + f.driver().smi().value().driverVersion()),
                    List.of(Fix.advice("Remove the stale libnvidia-ml copy (see the Driver line's copies) and run ldconfig.", null))));
        }
        return out;
    }

    public static String meaning(int result) {
        return switch (result) {
            case 35 -> "the driver is older than the CUDA version this libcuda needs (often a forward-compat libcuda on the wrong driver).";
            case 100 -> "no CUDA device is visible (none passed into the container, or CUDA_VISIBLE_DEVICES hides them).";
            case 803 -> "the forward-compat libcuda does not match the kernel driver (it must be newer, of a supported branch).";
            case 804 -> "forward compatibility was attempted on a GPU that does not support it.";
            case 304 -> "an operating system call failed (often missing /dev/nvidia-uvm or a permission).";
            case 999 -> "unknown error: often a missing /dev/nvidia-uvm, a GPU that fell off the bus, or a driver in a bad state.";
            default -> "see the CUresult table.";
        };
    }

    public static String advice(int result) {
        return switch (result) {
            case 35, 803 -> "Use the driver's own libcuda (remove forward-compat folders from LD_LIBRARY_PATH), or upgrade the driver.";
            case 804 -> "Remove the forward-compat libcuda from the library path; upgrade the driver itself instead.";
            case 100 -> "Pass the GPUs in (--gpus all) or check CUDA_VISIBLE_DEVICES.";
            case 304, 999 -> "Check /dev/nvidia-uvm (sudo nvidia-modprobe -u -c=0), dmesg for Xid errors, then reset the GPU or reboot.";
            default -> "Look the CUresult up and check the other findings.";
        };
    }
}
