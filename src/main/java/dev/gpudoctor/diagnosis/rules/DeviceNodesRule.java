package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.KernelFacts;
import java.util.ArrayList;
import java.util.List;

/**
 * With the module loaded, CUDA still needs its device nodes: /dev/nvidiactl and /dev/nvidiaN for
 * the driver, /dev/nvidia-uvm for CUDA's unified memory. Hosts without udev rules (containers,
 * minimal images) lack them until nvidia-modprobe creates them.
 */
public final class DeviceNodesRule implements Rule {

    static final String MISSING = "device-node.missing";
    static final String UVM_MISSING = "device-node.uvm-missing";
    static final String DOCS = "https://docs.nvidia.com/cuda/cuda-installation-guide-linux/#runfile-verifications";

    /**
     * Where the NVIDIA container toolkit is installed, its CLI loads the modules and creates the
     * control nodes (/dev/nvidiactl, /dev/nvidia-uvm*, /dev/nvidia-modeset); the per-GPU nodes appear
     * when nvidia-smi first runs, which has nvidia-modprobe create them.
     */
    static final Fix CTK_NODES = new Fix("Or, where the NVIDIA container toolkit is installed, let it load the modules and "
            + "create the control nodes; nvidia-smi then creates one node per GPU", List.of(List.of("nvidia-ctk", "system",
            "create-device-nodes", "--control-devices", "--load-kernel-modules"), List.of("nvidia-smi")), true, false, Fix.Risk.SAFE,
            "https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/cdi-support.html");

    @Override
    public List<String> codes() {
        return List.of(MISSING, UVM_MISSING);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        KernelFacts k = f.kernel();
        List<Finding> out = new ArrayList<>();
        if (k == null || !k.module().isFound() || !k.deviceNodes().isFound() || Known.isWsl(f)) {
            return out;
        }
        List<String> missing = new ArrayList<>();
        if (!k.hasNode("/dev/nvidiactl")) {
            missing.add("/dev/nvidiactl");
        }
        int gpus = Math.max(k.procGpus().orElse(List.of()).size(), Known.smiGpus(f).size());
        for (int i = 0; i < gpus; i++) {
            if (!k.hasNode("/dev/nvidia" + i)) {
                missing.add("/dev/nvidia" + i);
            }
        }
        String nodes = k.deviceNodes().describe(l -> l.isEmpty() ? "none"
                : String.join(", ", l.stream().map(KernelFacts.DeviceNode::path).toList()));
        if (!missing.isEmpty()) {
            List<List<String>> steps = new ArrayList<>();
            for (int i = 0; i < Math.max(1, gpus); i++) {
                steps.add(List.of("nvidia-modprobe", "-c=" + i));
            }
            out.add(new Finding(MISSING, Severity.ERROR, "Kernel module", "Device nodes missing: " + String.join(", ", missing),
                    "The NVIDIA module is loaded but its device nodes do not exist, so no program can open the GPU.",
                    List.of(Known.show("device nodes", k.deviceNodes(), nodes)),
                    List.of(new Fix("Create the nodes with nvidia-modprobe (in a container: on the host, or pass "
                            + "them in with --gpus)", steps, true, false, Fix.Risk.SAFE, DOCS), CTK_NODES)));
        }
        if (!k.hasNode("/dev/nvidia-uvm")) {
            List<String> ev = new ArrayList<>(List.of(Known.show("device nodes", k.deviceNodes(), nodes)));
            ev.add(Known.show("loaded modules", k.loadedModules(), k.loadedModules().describe(l -> String.join(", ", l))));
            out.add(new Finding(UVM_MISSING, Severity.ERROR, "Kernel module", "/dev/nvidia-uvm is missing",
                    "CUDA needs the nvidia_uvm module and its device node; without them cudaMalloc and every "
                            + "framework fail (\"CUDA driver initialization failed\", error 999 or 304).",
                    ev, List.of(new Fix("Load nvidia_uvm and create its device node",
                            List.of(List.of("nvidia-modprobe", "-u", "-c=0")), true, false, Fix.Risk.SAFE, DOCS), CTK_NODES)));
        }
        return out;
    }
}
