package dev.gpudoctor.probe.system;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.SystemFacts;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import java.util.ArrayList;
import java.util.List;

/**
 * Operating system, kernel, CPU and memory. Deliberately not OSHI: it reads the live system
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
                files.readText("/proc/meminfo").flatMap(MemInfoParser::parse));
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
