package dev.gpudoctor.fix;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.SystemFacts;
import dev.gpudoctor.fact.section.SystemFacts.OsRelease;
import dev.gpudoctor.probe.system.OsReleaseParser;
import dev.gpudoctor.testing.CapturedSamples;
import dev.gpudoctor.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

/** Host facts that hold only an os-release, parsed by the probe's own parser from a real sample. */
final class OsReleaseHosts {

    /** Ubuntu 20.04.6 (the WSL 1 fixture). */
    static final String UBUNTU_2004 = "fixtures/wsl1/rootfs/etc/os-release";
    /** Ubuntu 22.04.4 (the torch-cu124-on-driver-535 fixture). */
    static final String UBUNTU_2204 = "fixtures/torch-cu124-on-driver-535/rootfs/etc/os-release";
    /** Ubuntu 24.04.3 (the H200 capture). */
    static final String UBUNTU_2404 = "samples/h200/rootfs/etc/os-release";
    /** Debian 12 (the development machine). */
    static final String DEBIAN_12 = "samples/devhost/rootfs/etc/os-release";
    static final String RHEL_94 = "samples/os-release/rhel-9.4";
    static final String ROCKY_810 = "samples/os-release/rocky-8.10";
    static final String ALPINE_320 = "samples/os-release/alpine-3.20";

    /**
     * The first lines of Rocky Linux 9.6's os-release, up to PRETTY_NAME, as printed in public
     * material (the rest of that printout was cut off, so it is not kept as a sample file).
     */
    static final String ROCKY_96_HEAD = """
            NAME="Rocky Linux"
            VERSION="9.6 (Blue Onyx)"
            ID="rocky"
            ID_LIKE="rhel centos fedora"
            VERSION_ID="9.6"
            PLATFORM_ID="platform:el9"
            PRETTY_NAME="Rocky Linux 9.6 (Blue Onyx)"
            """;

    private OsReleaseHosts() {
    }

    static HostFacts sample(String resource) {
        return withOs(OsReleaseParser.parse(read(resource)));
    }

    /** Fixture bundles are read from the source tree (see Fixtures.bundle), samples from the class path. */
    private static String read(String resource) {
        if (!resource.startsWith("fixtures/")) {
            return CapturedSamples.text(resource);
        }
        String[] parts = resource.split("/", 3);
        try {
            return Files.readString(Fixtures.bundle(parts[1]).resolve(parts[2]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static HostFacts text(String osRelease) {
        return withOs(OsReleaseParser.parse(osRelease));
    }

    static HostFacts withOs(Fact<OsRelease> os) {
        SystemFacts system = new SystemFacts(os, Fact.absent("not read in this test"), Fact.absent("not read in this test"),
                Fact.absent("not read in this test"), Fact.absent("not read in this test"));
        return new HostFacts(system, null, null, null, null, null, null, null, null, null, null, null);
    }
}
