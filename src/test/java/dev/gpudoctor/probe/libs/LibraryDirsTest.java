package dev.gpudoctor.probe.libs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.testing.FakeHost;
import dev.gpudoctor.testing.H200Fixture;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryDirsTest {

    @TempDir
    Path dir;

    @Test
    void h200LdSoConfWithItsIncludesInGlobOrder() {
        List<LibraryDirs.Dir> dirs = LibraryDirs.find(new ProbeContext(H200Fixture.build(dir))).value();
        assertThat(dirs).extracting(LibraryDirs.Dir::path).startsWith(
                "/usr/local/cuda/targets/x86_64-linux/lib",     // 000_cuda.conf
                "/usr/local/cuda-13/targets/x86_64-linux/lib",  // 987_cuda-13.conf
                "/usr/local/cuda-13.0/targets/x86_64-linux/lib", // gds-13-0.conf
                "/usr/local/lib",                               // libc.conf
                "/usr/local/nvidia/lib64", "/usr/local/nvidia/lib", // nvidia-folders.conf
                "/usr/local/cuda/lib64",                        // nvidia.conf
                "/usr/local/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu");
        assertThat(dirs).filteredOn(d -> d.path().equals("/usr/local/nvidia/lib64")).singleElement()
                .extracting(LibraryDirs.Dir::source).isEqualTo("/etc/ld.so.conf.d/nvidia-folders.conf");
        assertThat(dirs).extracting(LibraryDirs.Dir::path).contains("/usr/lib64", "/usr/lib/wsl/lib", "/usr/lib")
                .doesNotHaveDuplicates();
    }

    @Test
    void includeCyclesStopAndCommentsAndRelativeIncludesAreRead() {
        FakeHost h = new FakeHost(dir)
                .file("/etc/ld.so.conf", "# system\ninclude ld.so.conf.d/*.conf\n/opt/a/lib # trailing\n")
                .file("/etc/ld.so.conf.d/loop.conf", "include /etc/ld.so.conf\n/opt/b/lib:/opt/c/lib\n")
                .file("/etc/ld.so.conf.d/skip.txt", "/opt/never\n");
        List<String> paths = LibraryDirs.read(h.files()).value().stream().map(LibraryDirs.Dir::path).toList();
        assertThat(paths).startsWith("/opt/b/lib", "/opt/c/lib", "/opt/a/lib").doesNotContain("/opt/never");
    }

    @Test
    void noLdSoConfStillGivesTheStandardDirectories() {
        List<LibraryDirs.Dir> dirs = LibraryDirs.read(new FakeHost(dir).files()).value();
        assertThat(dirs).extracting(LibraryDirs.Dir::path)
                .containsAll(LibraryDirs.STANDARD).containsAll(LibraryDirs.CONTAINER_INJECTED);
    }

    @Test
    void globsAsGlobReadsThem() {
        assertThat(LdSoConf.globMatches("*.conf", "nvidia.conf")).isTrue();
        assertThat(LdSoConf.globMatches("*.conf", "nvidia.conf.dpkg-old")).isFalse();
        assertThat(LdSoConf.globMatches("[0-9]?_cuda.conf", "00_cuda.conf")).isTrue();
        assertThat(LdSoConf.globMatches("[!x]*", "xy")).isFalse();
        assertThat(LdSoConf.parse("hwcap 0 nosegneg\n\u0000garbage\n").entries()).isEmpty();
    }

    /** Found by reading the fuzzer's glob: as a regex, 14 stars took 20 seconds to fail to match. */
    @Test
    void aGlobOfManyStarsIsMatchedInLinearTime() {
        String stars = "*".repeat(40);
        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(2), () -> LdSoConf.globMatches(stars + "q", "x86_64-linux-gnu.conf")))
                .isFalse();
        assertThat(LdSoConf.globMatches(stars + ".conf", "x86_64-linux-gnu.conf")).isTrue();
    }

    /** Bracket expressions as glob(3) reads them, now that the glob is matched by hand. */
    @Test
    void bracketExpressionsAreReadAsGlobReadsThem() {
        assertThat(LdSoConf.globMatches("[]]x", "]x")).as("']' first is a member").isTrue();
        assertThat(LdSoConf.globMatches("[!]]x", "ax")).isTrue();
        assertThat(LdSoConf.globMatches("[a-c]*.conf", "b1.conf")).isTrue();
        assertThat(LdSoConf.globMatches("[a-c]*.conf", "d1.conf")).isFalse();
        assertThat(LdSoConf.globMatches("[x", "[x")).as("no ']': '[' is itself").isTrue();
        assertThat(LdSoConf.globMatches("?", "")).isFalse();
        assertThat(LdSoConf.globMatches("a*b*c", "aXbYbZc")).isTrue();
    }

    /** Files that include each other were read along every chain: 7 of them, 27,400 reads and 2 s. */
    @Test
    void filesThatIncludeEachOtherAreReadOnce(@TempDir Path root) throws Exception {
        java.nio.file.Files.createDirectories(root.resolve("etc/ld.so.conf.d"));
        java.nio.file.Files.writeString(root.resolve("etc/ld.so.conf"), "include /etc/ld.so.conf.d/*.conf\n");
        for (int i = 1; i <= 9; i++) {
            java.nio.file.Files.writeString(root.resolve("etc/ld.so.conf.d/f" + i + ".conf"),
                    "include /etc/ld.so.conf.d/*.conf\n/opt/d" + i + "/lib\n");
        }
        var f = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> LibraryDirs.read(new dev.gpudoctor.host.live.RootedFiles(root)));
        assertThat(f.value()).extracting(LibraryDirs.Dir::path).contains("/opt/d1/lib", "/opt/d9/lib");
        assertThat(f.evidence()).hasSizeLessThan(30);
    }
}
