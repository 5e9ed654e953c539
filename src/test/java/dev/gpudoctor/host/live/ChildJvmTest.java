package dev.gpudoctor.host.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildJvmTest {

    @TempDir
    Path tmp;

    @Test
    void childClassPathNamesEachEntryByItsRealPath() throws Exception {
        Path real = Files.createDirectories(tmp.resolve("bundle/lib"));
        Path jar = Files.writeString(real.resolve("gpu-doctor.jar"), "");
        // The launcher's name for the jar is a link (/proc/self/fd/9/...) that a child cannot follow.
        Path link = Files.createSymbolicLink(tmp.resolve("fd9"), tmp.resolve("bundle"));
        String missing = tmp.resolve("gone.jar").toString();

        String cp = ChildJvm.classPath(link.resolve("lib/gpu-doctor.jar") + File.pathSeparator + missing);

        assertThat(cp.split(File.pathSeparator)).containsExactly(jar.toRealPath().toString(), missing);
    }

    @Test
    void aProcSelfDescriptorPathBecomesTheFolderItIsOpenOn() throws Exception {
        // /proc/self/cwd is such a link on every Linux: the form the bundle's launcher uses.
        Path cwd = Path.of("").toAbsolutePath();
        assertThat(ChildJvm.classPath("/proc/self/cwd")).isEqualTo(cwd.toRealPath().toString());
    }
}
