package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.KernelFacts;
import dev.gpudoctor.fact.section.LibraryCopy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The kernel module and the user-space driver must be the same release: after a driver upgrade
 * without a reboot, NVML answers "Driver/library version mismatch" and CUDA fails to initialize.
 */
public final class DriverConsistencyRule implements Rule {

    static final String MISMATCH = "driver.library-mismatch";
    static final String SMI_FAILED = "driver.smi-failed";

    @Override
    public List<String> codes() {
        return List.of(MISMATCH, SMI_FAILED);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        KernelFacts k = f.kernel();
        DriverFacts d = f.driver();
        if (d == null) {
            return out;
        }
        boolean smiSaysMismatch = d.smi().status() == Status.FAILED && d.smi().why() != null
                && d.smi().why().contains("Driver/library version mismatch")
                || f.natives() != null && f.natives().nvml() != null && f.natives().nvml().status() == Status.FAILED
                && f.natives().nvml().why() != null && f.natives().nvml().why().contains("LIB_RM_VERSION_MISMATCH");
        List<String> ev = new ArrayList<>();
        Version module = k != null && k.module().isFound() ? k.module().value().version() : null;
        if (module != null) {
            ev.add(Known.show("kernel module", k.module(), module.toString()));
        }
        List<Version> userSpace = new ArrayList<>();
        for (var copies : List.of(d.libcuda(), d.libnvidiaMl())) {
            for (LibraryCopy c : copies.orElse(List.of())) {
                if (c.version() != null) {
                    userSpace.add(c.version());
                    ev.add(Known.show(c.path(), copies, c.version().toString()));
                }
            }
        }
        boolean differs = module != null && userSpace.stream().anyMatch(v -> !v.equals(module));
        if (smiSaysMismatch && d.smi().status() == Status.FAILED) {
            ev.add(Known.show("nvidia-smi", d.smi(), d.smi().why()));
        }
        if (f.natives() != null && f.natives().nvml() != null && f.natives().nvml().status() == Status.FAILED) {
            ev.add("NVML: " + f.natives().nvml().why());
        }
        if (differs || smiSaysMismatch) {
            String user = userSpace.stream().filter(v -> !Objects.equals(v, module)).map(Version::toString)
                    .distinct().reduce((a, b) -> a + ", " + b).orElse("another version");
            out.add(new Finding(MISMATCH, Severity.ERROR, "Driver",
                    "Kernel module " + (module == null ? "?" : module) + " and user-space driver " + user + " differ",
                    "The driver's libraries were replaced (an upgrade) but the old kernel module is still loaded; "
                            + "NVML and CUDA refuse to work until both are the same release.",
                    ev, List.of(
                            new Fix("Reboot to load the new kernel module", List.of(List.of("reboot")), true, true,
                                    Fix.Risk.CHANGES_KERNEL, null),
                            new Fix("Or, with no process using the GPU, reload the modules",
                                    List.of(List.of("rmmod", "nvidia_uvm", "nvidia_drm", "nvidia_modeset", "nvidia"),
                                            List.of("modprobe", "nvidia"), List.of("modprobe", "nvidia_uvm")),
                                    true, false, Fix.Risk.CHANGES_KERNEL, null))));
            return out;
        }
        if (d.smi().status() == Status.FAILED) {
            List<String> smiEv = new ArrayList<>(List.of(Known.show("nvidia-smi -q -x", d.smi(), d.smi().why())));
            // "couldn't communicate with the NVIDIA driver" means "module not loaded" only when it is
            // not: with the module loaded, the driver itself is stuck (a GPU error), which needs dmesg.
            boolean unreachable = d.smi().why() != null && d.smi().why().contains("couldn't communicate");
            String advice = "Read nvidia-smi's message; 'couldn't communicate with the NVIDIA driver' "
                    + "means the kernel module is not loaded; a hang often means a GPU fell off the bus "
                    + "(see dmesg for Xid errors).";
            if (module != null) {
                smiEv.add(Known.show("kernel module", k.module(), module + " loaded"));
                advice = unreachable
                        ? "The kernel module " + module + " is loaded, yet nvidia-smi cannot reach the driver: look "
                                + "in dmesg for NVRM and Xid errors (Xid 79 'GPU has fallen off the bus', RmInitAdapter "
                                + "failed, GSP timeouts); drain the node, then reset the GPU (nvidia-smi -r) or reboot."
                        : "The kernel module " + module + " is loaded: read nvidia-smi's message with the other "
                                + "findings (missing device nodes, permissions); a hang often means a GPU fell off "
                                + "the bus (see dmesg for Xid errors).";
            }
            out.add(new Finding(SMI_FAILED, Severity.ERROR, "Driver", "nvidia-smi fails",
                    "nvidia-smi is installed but does not answer normally, so the driver cannot be queried.",
                    smiEv, List.of(Fix.advice(advice, null))));
        }
        return out;
    }
}
