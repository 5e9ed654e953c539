package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.KernelFacts;
import dev.gpudoctor.fact.section.PciFacts;
import java.util.ArrayList;
import java.util.List;

/** Is there a GPU, and is the NVIDIA driver the one using it (not nouveau, not nothing)? */
public final class GpuPresenceRule implements Rule {

    /** The file NVIDIA's driver installation guide has users create to keep nouveau off the GPU. */
    static final Fix.FileWrite NOUVEAU_BLACKLIST = new Fix.FileWrite("/etc/modprobe.d/blacklist-nouveau.conf",
            "blacklist nouveau\noptions nouveau modeset=0\n");

    static final String NONE = "gpu.none";
    static final String NO_DRIVER = "gpu.no-driver";
    static final String NOUVEAU = "gpu.nouveau-bound";
    static final String SECURE_BOOT = "secureboot.module-not-loaded";
    static final String DRIVER_DOCS = "https://docs.nvidia.com/datacenter/tesla/driver-installation-guide/";

    @Override
    public List<String> codes() {
        return List.of(NONE, NO_DRIVER, NOUVEAU, SECURE_BOOT);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        KernelFacts k = f.kernel();
        boolean moduleLoaded = k != null && k.module().isFound();
        boolean nouveau = k != null && k.isLoaded("nouveau");
        List<PciFacts.PciDevice> onBus = f.pci() == null ? List.of() : f.pci().gpus();
        boolean inContainer = f.container() != null && f.container().container().isFound();
        // In a container, "no GPU passed in" (container.no-gpu-passed) is the finding that helps.
        if (!Known.hasGpu(f) && !Known.isWsl(f) && !inContainer && Known.smiAsked(f)) {
            List<String> ev = new ArrayList<>();
            if (f.pci() != null) {
                ev.add(Known.show("NVIDIA GPUs on the PCI bus", f.pci().nvidiaDevices(),
                        f.pci().nvidiaDevices().describe(l -> String.valueOf(f.pci().gpus().size()))));
            }
            if (f.driver() != null) {
                ev.add(Known.show("nvidia-smi", f.driver().smi(), f.driver().smi().describe(s -> "ok")));
            }
            out.add(new Finding(NONE, Severity.ERROR, "GPUs", "No NVIDIA GPU found",
                    "Neither the PCI bus, the NVIDIA kernel module nor nvidia-smi shows an NVIDIA GPU on this host.",
                    ev, List.of(Fix.advice("Run on a machine with an NVIDIA GPU; in a VM, pass the GPU through; in a "
                            + "container, start it with --gpus all (and the NVIDIA container toolkit).",
                            "https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html"))));
        }
        if (nouveau) {
            List<String> ev = new ArrayList<>(List.of(Known.show("loaded modules", k.loadedModules(), "nouveau")));
            onBus.stream().filter(d -> "nouveau".equals(d.driver().orElse(null)))
                    .forEach(d -> ev.add("GPU " + d.address() + " bound to nouveau [sysfs]"));
            out.add(new Finding(NOUVEAU, Severity.ERROR, "Kernel module", "The open-source nouveau driver holds the GPU",
                    "nouveau is loaded, so the NVIDIA kernel module cannot bind the GPU and CUDA cannot run.",
                    ev, List.of(Known.initramfsRebuild(f).map(rebuild -> new Fix("Blacklist nouveau, rebuild the initramfs so "
                            + "that early boot does not load it either, and reboot; then install or load the NVIDIA driver",
                            List.of(NOUVEAU_BLACKLIST), List.of(rebuild, List.of("reboot")), true, true, Fix.Risk.CHANGES_KERNEL,
                            DRIVER_DOCS)).orElse(Fix.advice("Blacklist nouveau (" + NOUVEAU_BLACKLIST.path() + " with the lines "
                            + "'blacklist nouveau' and 'options nouveau modeset=0'), rebuild the initramfs with this "
                            + "distribution's tool and reboot; then install or load the NVIDIA driver", DRIVER_DOCS)))));
        } else if (!moduleLoaded && !onBus.isEmpty() && !Known.isWsl(f)) {
            List<String> ev = new ArrayList<>();
            onBus.forEach(d -> ev.add("GPU " + d.address() + " " + d.deviceId() + ", bound driver "
                    + d.driver().describe(x -> x) + " [sysfs]"));
            ev.add(Known.show("NVIDIA kernel module", k == null ? null : k.module(),
                    k == null ? "not probed" : k.module().describe(m -> m.version().toString())));
            out.add(new Finding(NO_DRIVER, Severity.ERROR, "Kernel module", "An NVIDIA GPU is present but no NVIDIA driver is loaded",
                    "The GPU is on the PCI bus, but the NVIDIA kernel module is not loaded, so nothing can use it.",
                    ev, List.of(Fix.advice("Install the NVIDIA driver for this GPU (a branch that supports it) "
                            + "and reboot, or load it with modprobe nvidia if it is installed.", DRIVER_DOCS))));
            if (k != null && Boolean.TRUE.equals(k.secureBoot().orElse(null))) {
                out.add(new Finding(SECURE_BOOT, Severity.WARNING, "Kernel module",
                        "Secure Boot is on and the NVIDIA module is not loaded",
                        "With Secure Boot, the kernel refuses modules that are not signed with an enrolled key; an "
                                + "unsigned NVIDIA module fails to load without a clear message.",
                        List.of(Known.show("Secure Boot", k.secureBoot(), "enabled")),
                        List.of(Fix.advice("Sign the module with a key enrolled through mokutil (DKMS can do it), "
                                + "use the distribution's signed driver packages, or turn Secure Boot off.", DRIVER_DOCS))));
            }
        }
        return out;
    }
}
