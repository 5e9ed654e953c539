package dev.gpudoctor.fix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.SystemFacts.OsRelease;
import dev.gpudoctor.fix.Distribution.Family;
import dev.gpudoctor.host.bundle.BundleHost;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixException;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.probe.Examination;
import dev.gpudoctor.testing.Fixtures;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which distribution a host is, from its real os-release, against the bundled install.yaml. */
class DistributionTest {

    static Matrix matrix;

    @BeforeAll
    static void load() throws MatrixException {
        matrix = MatrixLoader.bundled();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Ubuntu 20.04 (WSL 1 fixture)      | fixtures/wsl1/rootfs/etc/os-release                       | ubuntu | 20.04 | Ubuntu 20.04.6 LTS                  | DEBIAN | ubuntu2004
            Ubuntu 22.04 (driver 535 fixture) | fixtures/torch-cu124-on-driver-535/rootfs/etc/os-release  | ubuntu | 22.04 | Ubuntu 22.04.4 LTS                  | DEBIAN | ubuntu2204
            Ubuntu 24.04 (H200 capture)       | samples/h200/rootfs/etc/os-release                        | ubuntu | 24.04 | Ubuntu 24.04.3 LTS                  | DEBIAN | ubuntu2404
            Debian 12 (development machine)   | samples/devhost/rootfs/etc/os-release                     | debian | 12    | Debian GNU/Linux 12 (bookworm)      | DEBIAN | debian12
            RHEL 9.4 (UBI 9 container)        | samples/os-release/rhel-9.4                               | rhel   | 9.4   | Red Hat Enterprise Linux 9.4 (Plow) | RHEL   | rhel9
            Rocky Linux 8.10                  | samples/os-release/rocky-8.10                             | rocky  | 8.10  | Rocky Linux 8.10 (Green Obsidian)   | RHEL   | rhel8
            """)
    void realOsReleasesMapToNvidiasRepository(String name, String resource, String id, String versionId,
            String prettyName, Family family, String repoId) {
        Distribution d = Distribution.of(OsReleaseHosts.sample(resource), matrix);

        assertThat(d).isEqualTo(new Distribution(id, versionId, prettyName, family, repoId, null));
        assertThat(d.supported()).isTrue();
    }

    @Test
    void alpine320IsNotADistributionWithInstallSteps() {
        Distribution d = Distribution.of(OsReleaseHosts.sample(OsReleaseHosts.ALPINE_320), matrix);

        assertThat(d.supported()).isFalse();
        assertThat(d.family()).isEqualTo(Family.OTHER);
        assertThat(d.repoId()).isNull();
        assertThat(d.id()).isEqualTo("alpine");
        assertThat(d.versionId()).isEqualTo("3.20.2");
        assertThat(d.unsupportedWhy()).isEqualTo("Alpine Linux v3.20 is not a distribution gpu-doctor has install steps for");
    }

    @Test
    void ubuntu1804IsAKnownDistributionInAReleaseWithoutSteps() {
        // Ubuntu 18.04's own os-release values; NVIDIA's current guides no longer cover it.
        Distribution d = Distribution.of(new OsRelease("ubuntu", "18.04", "Ubuntu 18.04.6 LTS", "debian"), matrix);

        assertThat(d.supported()).isFalse();
        assertThat(d.unsupportedWhy()).isEqualTo("Ubuntu 18.04.6 LTS is not a distribution gpu-doctor has install"
                + " steps for (install.yaml has ubuntu 20.04, 22.04, 24.04)");
    }

    @Test
    void rocky96MatchesRelease9() {
        Distribution d = Distribution.of(OsReleaseHosts.text(OsReleaseHosts.ROCKY_96_HEAD), matrix);

        assertThat(d).isEqualTo(new Distribution("rocky", "9.6", "Rocky Linux 9.6 (Blue Onyx)", Family.RHEL, "rhel9", null));
    }

    @Test
    void anUnreadableOsReleaseIsNotGuessedFromAnythingElse() {
        // A torn read: the probe's own failure, carried through as the reason.
        Distribution d = Distribution.of(OsReleaseHosts.withOs(Fact.failed("os-release line 3 has an unterminated quote")),
                matrix);

        assertThat(d.supported()).isFalse();
        assertThat(d.unsupportedWhy()).isEqualTo("the operating system could not be read (os-release line 3 has an"
                + " unterminated quote), so gpu-doctor has no install steps for it");
        assertThat(Distribution.of((dev.gpudoctor.fact.HostFacts) null, matrix).unsupportedWhy()).contains("the system probe did not complete");
    }

    @Test
    void theCapturedH200HostIsUbuntu2404(@TempDir Path tmp) throws Exception {
        BundleHost host = BundleHost.open(Fixtures.bundle("h200-torch-container"), tmp);
        Examination.Result r = Examination.of(host, List.of(), Duration.ofSeconds(30));

        Distribution d = Distribution.of(r.facts(), matrix);

        assertThat(d).isEqualTo(new Distribution("ubuntu", "24.04", "Ubuntu 24.04.3 LTS", Family.DEBIAN, "ubuntu2404", null));
    }
}
