package dev.gpudoctor.fact.section;

import dev.gpudoctor.fact.Fact;
import java.util.ArrayList;
import java.util.List;

/** Operating system, kernel, CPU and memory, read from /etc/os-release and /proc. */
/**
 * @param packages the installed packages per package manager ("dpkg": 412), whose names and versions
 *                 the CUDA and cuDNN probes take claims from; failed when a database exists but cannot
 *                 be read (an unprivileged run), which those probes would otherwise only miss
 */
public record SystemFacts(Fact<OsRelease> os, Fact<KernelInfo> kernel, Fact<CpuInfo> cpu, Fact<Long> memoryBytes,
                          Fact<java.util.Map<String, Integer>> packages)
        implements Section {

    public SystemFacts {
        // Reports saved before this fact existed still diagnose (SavedFacts refuses a missing fact).
        packages = packages == null ? Fact.absent("not in this report (saved before gpu-doctor read the package databases)")
                : packages;
    }

    /** From os-release(5): ID, VERSION_ID, PRETTY_NAME, ID_LIKE. */
    public record OsRelease(String id, String versionId, String prettyName, String idLike) {
    }

    /** From /proc/version: the release ("6.18.44-fc-v657-gpu") and the whole banner. */
    public record KernelInfo(String release, String banner) {
    }

    /** {@code model} is null where /proc/cpuinfo names none (arm64 kernels print only part numbers). */
    public record CpuInfo(String model, int logicalCpus) {
    }

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        d.add("os: " + os.describe(o -> o.prettyName()) + Sources.of(os));
        d.add("kernel: " + kernel.describe(KernelInfo::release) + Sources.of(kernel));
        d.add("cpu: " + cpu.describe(c -> (c.model() == null ? "model not named" : c.model()) + ", " + c.logicalCpus() + " logical CPUs") + Sources.of(cpu));
        d.add("memory: " + memoryBytes.describe(b -> String.format("%.1f GiB", b / 1073741824.0)) + Sources.of(memoryBytes));
        d.add("packages: " + packages.describe(m -> String.join(", ", m.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).toList())) + Sources.of(packages));
        String head = os.describe(OsRelease::prettyName) + ", kernel " + kernel.describe(KernelInfo::release);
        return List.of(AreaLine.info("System", head, d));
    }
}
