package dev.gpudoctor.report;

import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.AreaLine;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.KernelFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.PciFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.fact.section.VersionClaim;
import java.util.ArrayList;
import java.util.List;

/**
 * Lines that join several sections: which GPUs the host has by every source, and every "CUDA
 * version" side by side with what it is the version of, since no single number deserves that name.
 */
public final class Overview {

    private Overview() {
    }

    public static AreaLine gpus(HostFacts f) {
        List<String> d = new ArrayList<>();
        DriverFacts driver = f.driver();
        KernelFacts kernel = f.kernel();
        PciFacts pci = f.pci();
        if (driver != null && driver.smi().isFound() && !driver.smi().value().gpus().isEmpty()) {
            DriverFacts.SmiLog s = driver.smi().value();
            for (DriverFacts.SmiGpu g : s.gpus()) {
                d.add(g.pciBusId() + ": " + g.name() + (g.architecture() != null ? " (" + g.architecture() + ")" : "")
                        + ", " + (g.memoryTotalMiB() == null ? "?" : g.memoryTotalMiB()) + " MiB"
                        + ", MIG " + na(g.migCurrent()) + ", persistence " + na(g.persistenceMode())
                        + ", ECC " + na(g.eccCurrent()) + ", " + na(g.uuid()) + "  [nvidia-smi -q -x]");
            }
            String head = String.join(", ", s.gpus().stream()
                    .map(g -> g.name() + (g.memoryTotalMiB() != null ? " " + Math.round(g.memoryTotalMiB() / 1024.0) + " GiB" : ""))
                    .distinct().toList()) + (s.gpus().size() > 1 ? " (" + s.gpus().size() + " GPUs)" : "");
            return AreaLine.ok("GPUs", head, d);
        }
        if (kernel != null && kernel.procGpus().isFound() && !kernel.procGpus().value().isEmpty()) {
            for (KernelFacts.ProcGpu g : kernel.procGpus().value()) {
                d.add(g.busLocation() + ": " + g.model() + "  [/proc/driver/nvidia/gpus]");
            }
            return AreaLine.ok("GPUs", String.join(", ", kernel.procGpus().value().stream()
                    .map(KernelFacts.ProcGpu::model).distinct().toList()) + " (from the kernel module; nvidia-smi "
                    + (driver == null ? "not probed" : driver.smi().describe(x -> "ok")) + ")", d);
        }
        List<PciFacts.PciDevice> onBus = pci == null ? List.of() : pci.gpus();
        if (!onBus.isEmpty()) {
            for (PciFacts.PciDevice g : onBus) {
                d.add(g.address() + " " + g.deviceId() + " " + g.name().describe(n -> n) + ", bound driver "
                        + g.driver().describe(n -> n) + "  [sysfs]");
            }
            return AreaLine.problem("GPUs", onBus.size() + " NVIDIA GPU(s) on the PCI bus, but no NVIDIA driver is using "
                    + (onBus.size() > 1 ? "them" : "it"), d);
        }
        if (pci != null && !pci.nvidiaDevices().isFound()) {
            d.add("PCI bus: " + pci.nvidiaDevices().describe(x -> ""));
        }
        return AreaLine.problem("GPUs", "no NVIDIA GPU found (not on the PCI bus, no driver reports one)", d);
    }

    public static AreaLine cudaVersions(HostFacts f) {
        List<String> parts = new ArrayList<>();
        List<String> d = new ArrayList<>();
        DriverFacts driver = f.driver();
        if (driver != null && driver.smi().isFound()) {
            Version c = driver.smi().value().cudaCeiling();
            parts.add("driver supports up to " + c);
            d.add("driver's CUDA ceiling: " + c + "  [nvidia-smi]");
        } else {
            parts.add("driver ceiling unknown");
            d.add("driver's CUDA ceiling: " + (driver == null ? "not probed" : driver.smi().describe(x -> "")));
        }
        CudaFacts cuda = f.cuda();
        if (cuda != null) {
            for (CudaFacts.Toolkit t : cuda.toolkits().orElse(List.of())) {
                parts.add("toolkit " + (t.version() == null ? "?" : t.version()));
                for (VersionClaim c : t.claims()) {
                    d.add(t.home() + ": " + c.describe());
                }
            }
        }
        PythonFacts py = f.python();
        if (py != null) {
            for (PythonFacts.PythonEnv e : py.environments().orElse(List.of())) {
                if (e.torch().isFound() && e.torch().value().builtForCuda() != null) {
                    parts.add("torch built for " + e.torch().value().builtForCuda());
                    d.add("torch " + e.torch().value().version() + " built for CUDA " + e.torch().value().builtForCuda()
                            + "  [" + e.sitePackages() + "/torch/version.py]");
                }
                if (e.tensorflow().isFound() && e.tensorflow().value().builtForCuda() != null) {
                    parts.add("tensorflow built for " + e.tensorflow().value().builtForCuda());
                    d.add("tensorflow " + e.tensorflow().value().version() + " built for CUDA " + e.tensorflow().value().builtForCuda());
                }
            }
        }
        LinkerFacts linker = f.linker();
        if (linker != null) {
            for (LinkerFacts.Resolution r : linker.resolutions().orElse(List.of())) {
                for (LinkerFacts.Dependency dep : r.dependencies()) {
                    if (dep.soname().startsWith("libcudart.so") && dep.resolvedPath() != null) {
                        parts.add(r.framework() + " loads cudart " + (dep.version() == null ? "?" : dep.version()));
                        d.add(r.framework() + " loads " + dep.resolvedPath() + " (cudart "
                                + (dep.version() == null ? "version unknown" : dep.version() + ", " + dep.versionSource()) + ")");
                    }
                }
            }
        }
        return AreaLine.info("CUDA versions", String.join(" | ", parts), d);
    }

    /**
     * Forward-compatibility libraries next to the driver that runs: the compat libcuda only helps when
     * it is newer than the kernel driver, and only when it is the copy that gets loaded.
     */
    public static java.util.Optional<AreaLine> forwardCompat(HostFacts f) {
        CudaFacts cuda = f.cuda();
        if (cuda == null || !cuda.forwardCompat().isFound() || cuda.forwardCompat().value().isEmpty()) {
            return java.util.Optional.empty();
        }
        Version driver = f.runningDriver().orElse(null);
        List<String> d = new ArrayList<>();
        List<String> parts = new ArrayList<>();
        for (dev.gpudoctor.fact.section.LibraryCopy c : cuda.forwardCompat().value()) {
            String rel = driver == null || c.version() == null ? "driver version unknown"
                    : c.version().isOlderThan(driver) ? "older than the running driver " + driver
                    : c.version().equals(driver) ? "the same as the running driver"
                    : "newer than the running driver " + driver;
            parts.add("libcuda " + (c.version() == null ? "?" : c.version()) + " (" + rel + ")");
            d.add(c.describe() + ": " + rel);
        }
        LinkerFacts linker = f.linker();
        if (linker != null) {
            for (LinkerFacts.Resolution r : linker.resolutions().orElse(List.of())) {
                for (LinkerFacts.Dependency dep : r.dependencies()) {
                    if (dep.soname().equals("libcuda.so.1")) {
                        d.add(r.framework() + " loads libcuda.so.1 from "
                                + (dep.resolvedPath() == null ? "nowhere (not found)" : dep.resolvedPath() + " via " + dep.via()));
                    }
                }
            }
        }
        return java.util.Optional.of(AreaLine.info("Forward compat", String.join(", ", parts)
                + " in " + parentOf(cuda.forwardCompat().value().get(0).path()), d));
    }


    /** nvidia-smi's "N/A" is kept as null in the facts; people read it as n/a. */
    private static String na(String s) {
        return s == null ? "n/a" : s;
    }

    private static String parentOf(String path) {
        int i = path.lastIndexOf('/');
        return i <= 0 ? "/" : path.substring(0, i);
    }
}
