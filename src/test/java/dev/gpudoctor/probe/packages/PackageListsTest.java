package dev.gpudoctor.probe.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.fact.Status;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PackageListsTest {

    @TempDir
    Path dir;

    @Test
    void h200DpkgStatusCountsHeldPackages() {
        List<InstalledPackage> p = DpkgStatus.parse(H200Fixture.sample("rootfs/var/lib/dpkg/status")).value();
        assertThat(p).hasSize(52);
        assertThat(p).filteredOn(x -> x.name().equals("libcudnn9-cuda-13")).singleElement().satisfies(x -> {
            assertThat(x.version()).isEqualTo("9.14.0.64-1");
            assertThat(x.architecture()).isEqualTo("amd64");
            assertThat(x.upstream()).hasValueSatisfying(v -> assertThat(v).hasToString("9.14.0.64"));
        });
        assertThat(p).filteredOn(x -> x.name().equals("libnccl2")).singleElement()
                .satisfies(x -> assertThat(x.upstream().orElseThrow()).hasToString("2.28.3"));
    }

    @Test
    void removedAndHalfInstalledPackagesDoNotCount() {
        String text = "Package: libcudnn8\nStatus: deinstall ok config-files\nVersion: 8.9.7.29-1+cuda12.2\n\n"
                + "Package: cuda-toolkit-12-4\nStatus: install ok half-installed\nVersion: 12.4.1-1\n\n"
                + "Package: cuda-cudart-12-4\nStatus: install ok installed\nVersion: 1:12.4.127-1\n";
        List<InstalledPackage> p = DpkgStatus.parse(text).value();
        assertThat(p).extracting(InstalledPackage::name).containsExactly("cuda-cudart-12-4");
        assertThat(p.get(0).upstream().orElseThrow()).as("epoch dropped").hasToString("12.4.127");
    }

    @Test
    void garbageIsAFailedFact() {
        assertThat(DpkgStatus.parse("").status()).isEqualTo(Status.FAILED);
        assertThat(DpkgStatus.parse("\u0000\u0001 not a status file").status()).isEqualTo(Status.FAILED);
        assertThat(RpmList.parse("cuda-toolkit-12-4 12.4.1-1\ncudnn 9.1.0.70-1\n").value()).hasSize(2);
        assertThat(RpmList.parse("error: rpmdb open failed").status()).isEqualTo(Status.FAILED);
    }

    @Test
    void rpmIsAskedOnlyWhereAnRpmDatabaseExists() {
        FakeHost deb = new FakeHost(dir.resolve("deb")).file("/var/lib/dpkg/status", "Package: a\nStatus: install ok installed\nVersion: 1\n");
        assertThat(SystemPackages.find(new ProbeContext(deb)).rpm().status()).isEqualTo(Status.ABSENT);
        assertThat(deb.ran()).isEmpty();

        FakeHost rhel = new FakeHost(dir.resolve("rhel")).dir("/var/lib/rpm")
                .command(RpmList.ARGV, 0, "libcudnn9-cuda-12 9.5.1.17-1\n", "");
        SystemPackages.Lists l = SystemPackages.find(new ProbeContext(rhel));
        assertThat(l.rpm().value()).extracting(InstalledPackage::name).containsExactly("libcudnn9-cuda-12");
        assertThat(l.dpkg().status()).isEqualTo(Status.ABSENT);
    }

    /** Found by PackageListsFuzzTest: a line was quoted with its control characters. */
    @Test
    void anRpmLineOfControlCharactersIsQuotedWithoutThem() {
        assertThat(RpmList.parse("\u0003").why()).isEqualTo("not a NAME VERSION-RELEASE line: ?");
    }
}
