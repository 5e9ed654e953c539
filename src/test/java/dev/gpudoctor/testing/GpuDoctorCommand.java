package dev.gpudoctor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An executable gpu-doctor for scripts under test (the Slurm, Kubernetes and provisioning scripts
 * take the command from a variable): a shell script that runs the classes under test, as
 * bin/gpu-doctor runs the jar, with the test's matrix cache so that a matrix a developer installed
 * never changes an answer.
 */
public final class GpuDoctorCommand {

    private GpuDoctorCommand() {
    }

    public static Path write(Path dir) throws IOException {
        Path script = Files.createDirectories(dir).resolve("gpu-doctor");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        StringBuilder b = new StringBuilder("#!/bin/sh\n");
        String cache = System.getenv("XDG_CACHE_HOME");
        if (cache != null) {
            b.append("XDG_CACHE_HOME=").append(quote(cache)).append("\nexport XDG_CACHE_HOME\n");
        }
        b.append("exec ").append(quote(java)).append(" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp ")
                .append(quote(System.getProperty("java.class.path"))).append(" dev.gpudoctor.cli.GpuDoctor \"$@\"\n");
        Files.writeString(script, b.toString());
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
