package dev.gpudoctor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Small real ELF shared objects built with gcc at test time, so that the linker emulation reads
 * genuine dynamic sections without committed binaries.
 */
public final class ElfFixtures {

    private ElfFixtures() {
    }

    /**
     * Builds a shared object.
     *
     * @param out      the file to write
     * @param soname   its DT_SONAME
     * @param needed   shared objects to link against (their sonames become DT_NEEDED)
     * @param rpath    colon-separated search path, or null
     * @param runpath  true to write it as DT_RUNPATH, false as DT_RPATH
     */
    public static Path sharedObject(Path out, String soname, List<Path> needed, String rpath, boolean runpath)
            throws IOException, InterruptedException {
        Files.createDirectories(out.getParent());
        Path src = Files.createTempFile("elf-fixture", ".c");
        Files.writeString(src, "int gpu_doctor_fixture_" + Math.abs(soname.hashCode()) + "(void) { return 42; }\n");
        List<String> cmd = new ArrayList<>(List.of("gcc", "-shared", "-fPIC", "-nostdlib", "-o", out.toString(),
                src.toString(), "-Wl,-soname," + soname, "-Wl,--no-as-needed"));
        if (rpath != null) {
            cmd.add(runpath ? "-Wl,--enable-new-dtags" : "-Wl,--disable-new-dtags");
            cmd.add("-Wl,-rpath," + rpath);
        }
        for (Path n : needed) {
            cmd.add(n.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("gcc failed: " + String.join(" ", cmd) + "\n" + log);
        }
        Files.delete(src);
        return out;
    }
}
