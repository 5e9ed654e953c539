package dev.gpudoctor.probe.kernel;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.HostFiles;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The files that keep nouveau off the GPU: modprobe.d files in every directory kmod reads, and the
 * kernel command line. An empty list is an answer ("nothing blacklists nouveau"); a directory that
 * cannot be read makes the answer unknown, since the blacklist could be there.
 */
final class NouveauBlacklist {

    /** kmod's order: a file name seen in an earlier directory hides the same name in later ones. */
    static final List<String> DIRECTORIES = List.of("/etc/modprobe.d", "/run/modprobe.d", "/usr/local/lib/modprobe.d",
            "/usr/lib/modprobe.d", "/lib/modprobe.d");
    static final String CMDLINE = "/proc/cmdline";

    private NouveauBlacklist() {
    }

    static Fact<List<String>> read(HostFiles files) {
        List<Evidence> evidence = new ArrayList<>();
        List<String> found = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String dir : DIRECTORIES) {
            Fact<List<DirEntry>> listing = files.list(dir);
            evidence.addAll(listing.evidence());
            if (listing.status() == Status.ABSENT) {
                continue;
            }
            if (!listing.isFound()) {
                return Fact.failed("cannot list " + dir + ": " + listing.why(), evidence);
            }
            for (DirEntry e : listing.value()) {
                // kmod reads only *.conf files; a link may point at one (Debian's alternatives do).
                if (!e.name().endsWith(".conf") || e.type() == FileType.DIRECTORY || !seen.add(e.name())) {
                    continue;
                }
                String path = dir + "/" + e.name();
                Fact<String> text = files.readText(path);
                if (text.status() == Status.FAILED) {
                    evidence.addAll(text.evidence());
                    return Fact.failed("cannot read " + path + ": " + text.why(), evidence);
                }
                if (text.isFound() && ModprobeConfig.disablesNouveau(text.value())) {
                    evidence.addAll(text.evidence());
                    found.add(path);
                }
            }
        }
        Fact<String> cmdline = files.readText(CMDLINE);
        if (cmdline.isFound() && ModprobeConfig.commandLineDisablesNouveau(cmdline.value())) {
            evidence.addAll(cmdline.evidence());
            found.add(CMDLINE);
        }
        return Fact.found(List.copyOf(found), evidence);
    }
}
