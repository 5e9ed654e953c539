package dev.gpudoctor.fact.section;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The kernel side of the driver: module, its version, device nodes, nouveau, Secure Boot. */
public record KernelFacts(
        Fact<NvidiaModule> module,
        Map<String, Fact<Version>> moduleVersions,
        Fact<List<String>> loadedModules,
        Fact<List<DeviceNode>> deviceNodes,
        Fact<List<ProcGpu>> procGpus,
        Fact<List<String>> nouveauBlacklistFiles,
        Fact<Boolean> secureBoot) implements Section {

    /** From /proc/driver/nvidia/version. {@code open} is the open GPU kernel module flavour. */
    public record NvidiaModule(Version version, boolean open, String banner) {
        public NvidiaModule {
            if (version == null) {
                throw new IllegalArgumentException("a kernel module needs its version");
            }
        }
    }

    /** A /dev/nvidia* node as stat sees it. */
    public record DeviceNode(String path, String mode, Integer major, Integer minor) {
        public DeviceNode {
            if (path == null) {
                throw new IllegalArgumentException("a device node needs its path");
            }
        }
    }

    /** From /proc/driver/nvidia/gpus/BUS/information. */
    public record ProcGpu(String busLocation, String model, String uuid, String videoBios, Integer deviceMinor,
                          Boolean excluded) {
    }

    public boolean isLoaded(String moduleName) {
        return loadedModules.orElse(List.of()).contains(moduleName);
    }

    public boolean hasNode(String path) {
        return deviceNodes.orElse(List.of()).stream().anyMatch(n -> n.path().equals(path));
    }

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        d.add("module: " + module.describe(m -> m.version() + (m.open() ? " (open kernel module)" : " (proprietary)"))
                + Sources.of(module));
        moduleVersions.forEach((name, v) -> d.add(name + " version: " + v.describe(Version::toString) + Sources.of(v)));
        d.add("loaded: " + loadedModules.describe(l -> l.isEmpty() ? "none of nvidia*, nouveau" : String.join(", ", l))
                + Sources.of(loadedModules));
        d.add("device nodes: " + deviceNodes.describe(l -> l.isEmpty() ? "none"
                : String.join(", ", l.stream().map(n -> n.path() + " " + n.mode()).toList())) + Sources.of(deviceNodes));
        d.add("GPUs known to the module: " + procGpus.describe(l -> l.isEmpty() ? "none"
                : String.join(", ", l.stream().map(g -> g.busLocation() + " " + g.model()).toList())) + Sources.of(procGpus));
        d.add("nouveau blacklisted in: " + nouveauBlacklistFiles.describe(l -> l.isEmpty() ? "no file" : String.join(", ", l))
                + Sources.of(nouveauBlacklistFiles));
        d.add("Secure Boot: " + secureBoot.describe(b -> b ? "enabled" : "disabled") + Sources.of(secureBoot));
        String head;
        AreaLine.Health health;
        if (module.isFound()) {
            NvidiaModule m = module.value();
            head = "nvidia " + m.version() + (m.open() ? " (open kernel module)" : " (proprietary kernel module)");
            health = AreaLine.Health.OK;
        } else if (isLoaded("nouveau")) {
            head = "nouveau is loaded, the NVIDIA kernel module is not";
            health = AreaLine.Health.PROBLEM;
        } else if (module.status() == Status.FAILED) {
            // Unreadable is not "not loaded": the module may well be there.
            head = "NVIDIA kernel module state unknown (" + module.why() + ")";
            health = AreaLine.Health.WARNING;
        } else {
            head = "NVIDIA kernel module not loaded (" + module.why() + ")";
            health = AreaLine.Health.INFO;
        }
        return List.of(new AreaLine("Kernel module", health, head, d));
    }
}
