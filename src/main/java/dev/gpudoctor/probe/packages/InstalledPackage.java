package dev.gpudoctor.probe.packages;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Version;
import java.util.Optional;

/**
 * One package the system's package manager says is installed.
 *
 * @param version      the version as the manager writes it ("13.0.96-1", "1:2.3-4", "580.95.05-0ubuntu1")
 * @param architecture amd64, arm64, x86_64 ..., where known
 * @param manager      dpkg | rpm
 */
public record InstalledPackage(String name, String version, String architecture, String manager) {

    /** The upstream release as a dotted number: epoch and Debian/RPM revision dropped ("1:2.28.3-1+cuda13.0" gives 2.28.3). */
    public Optional<Version> upstream() {
        String v = version;
        int colon = v.indexOf(':');
        if (colon >= 0 && v.substring(0, colon).matches("\\d+")) {
            v = v.substring(colon + 1);
        }
        int dash = v.indexOf('-');
        if (dash >= 0) {
            v = v.substring(0, dash);
        }
        return Version.find(v);
    }

    /** Where the package list was read. */
    public Evidence evidence() {
        return manager.equals("dpkg") ? new Evidence(Evidence.Via.FILE, "/var/lib/dpkg/status", null)
                : new Evidence(Evidence.Via.COMMAND, String.join(" ", RpmList.ARGV).strip(), null);
    }

    /** "dpkg cuda-cudart-13-0 13.0.96-1": where a claim from this package comes from. */
    public String describe() {
        return manager + " " + name + " " + version;
    }
}
