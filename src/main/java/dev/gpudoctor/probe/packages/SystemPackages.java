package dev.gpudoctor.probe.packages;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.ProbeContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The installed packages of dpkg and rpm, read once per run for the cuda and dnn probes. */
public final class SystemPackages {

    /** Both managers' lists; either may be absent (no dpkg on RHEL, no rpm on Ubuntu). */
    public record Lists(Fact<List<InstalledPackage>> dpkg, Fact<List<InstalledPackage>> rpm) {

        public List<InstalledPackage> all() {
            List<InstalledPackage> out = new ArrayList<>(dpkg.orElse(List.of()));
            out.addAll(rpm.orElse(List.of()));
            return out;
        }

        /** The installed packages whose whole name matches. */
        public List<InstalledPackage> matching(Pattern name) {
            return all().stream().filter(p -> name.matcher(p.name()).matches()).toList();
        }
    }

    private SystemPackages() {
    }

    public static Lists find(ProbeContext ctx) {
        return ctx.shared("system-packages", () -> read(ctx));
    }

    static Lists read(ProbeContext ctx) {
        HostFiles files = ctx.host().files();
        Fact<List<InstalledPackage>> dpkg = files.readText("/var/lib/dpkg/status").flatMap(DpkgStatus::parse);
        Fact<List<InstalledPackage>> rpm;
        // rpm is only asked where an rpm database exists: on Debian it is usually absent and
        // running it would only cost time.
        if (files.isDirectory("/var/lib/rpm")) {
            rpm = ctx.host().commands().run(RpmList.ARGV, Duration.ofSeconds(20)).stdoutFact().flatMap(RpmList::parse);
        } else {
            rpm = Fact.absent("no rpm database (/var/lib/rpm)");
        }
        return new Lists(dpkg, rpm);
    }
}
