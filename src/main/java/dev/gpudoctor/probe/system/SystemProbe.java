package dev.gpudoctor.probe.system;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.SystemFacts;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.packages.InstalledPackage;
import dev.gpudoctor.probe.packages.SystemPackages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Operating system, kernel, CPU, memory and the package databases. Deliberately not OSHI: it reads the live system
 * directly, bypassing the host port, so its answers could not be captured or replayed.
 */
public final class SystemProbe implements Probe<SystemFacts> {

    static final String OS_RELEASE = "/etc/os-release";
    static final String OS_RELEASE_FALLBACK = "/usr/lib/os-release";

    @Override
    public String name() {
        return "system";
    }

    @Override
    public SystemFacts probe(ProbeContext ctx) {
        HostFiles files = ctx.host().files();
        return new SystemFacts(
                osRelease(files),
                files.readText("/proc/version").flatMap(ProcVersionParser::parse),
                files.readText("/proc/cpuinfo").flatMap(CpuInfoParser::parse),
                files.readText("/proc/meminfo").flatMap(MemInfoParser::parse),
                packages(SystemPackages.find(ctx)));
    }

    /**
     * How many packages each manager lists. The CUDA and cuDNN probes read their claims from these
     * lists and go on without them; a database that exists but cannot be read ("permission denied:
     * /var/lib/dpkg" in an unprivileged run) is said here, or nothing in the report would say it.
     */
    static Fact<Map<String, Integer>> packages(SystemPackages.Lists lists) {
        List<Evidence> evidence = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        Map<String, Integer> counts = new TreeMap<>();
        Map<String, Fact<List<InstalledPackage>>> managers = new TreeMap<>(Map.of("dpkg", lists.dpkg(), "rpm", lists.rpm()));
        managers.forEach((name, f) -> {
            evidence.addAll(f.evidence());
            if (f.isFound()) {
                counts.put(name, f.value().size());
            } else if (f.status() == Status.FAILED) {
                failed.add(name + ": " + f.why());
            }
        });
        if (!failed.isEmpty()) {
            return Fact.failed(String.join("; ", failed), evidence);
        }
        return counts.isEmpty() ? Fact.absent("no dpkg or rpm database", evidence) : Fact.found(Map.copyOf(counts), evidence);
    }

    /** os-release(5): /etc/os-release wins; /usr/lib/os-release only when the first does not exist. */
    private static Fact<SystemFacts.OsRelease> osRelease(HostFiles files) {
        Fact<String> text = files.readText(OS_RELEASE);
        if (text.status() == Status.ABSENT) {
            Fact<String> fallback = files.readText(OS_RELEASE_FALLBACK);
            if (fallback.status() != Status.ABSENT) {
                text = fallback;
            } else {
                List<Evidence> both = new ArrayList<>(text.evidence());
                both.addAll(fallback.evidence());
                return Fact.absent("neither " + OS_RELEASE + " nor " + OS_RELEASE_FALLBACK + " exists", both);
            }
        }
        return text.flatMap(OsReleaseParser::parse);
    }
}
