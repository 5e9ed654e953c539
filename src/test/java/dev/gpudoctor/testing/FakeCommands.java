package dev.gpudoctor.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;

/**
 * A folder of fake system commands (apt-get, dnf, pip, modprobe, nvidia-modprobe, update-initramfs,
 * docker, reboot, ...) to put first on PATH: each appends its name and arguments, tab-separated, as
 * one line to a record file and exits with the code given for it (0 unless told). What a plan ran
 * is then read back exactly.
 */
public final class FakeCommands {

    public static final List<String> NAMES = List.of("apt-get", "dpkg", "curl", "dnf", "pip", "python3", "modprobe", "rmmod",
            "nvidia-modprobe", "nvidia-smi", "nvidia-ctk", "update-initramfs", "dracut", "docker", "podman", "systemctl",
            "reboot", "ubuntu-drivers", "update-alternatives", "ln");

    private final Path bin;
    private final Path record;

    private FakeCommands(Path bin, Path record) {
        this.bin = bin;
        this.record = record;
    }

    public static FakeCommands in(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        Path record = dir.resolve("ran.tsv");
        FakeCommands f = new FakeCommands(bin, record);
        for (String name : NAMES) {
            f.exitingWith(name, 0, "");
        }
        return f;
    }

    /** Makes {@code name} print {@code stderr} and exit with {@code code} after recording its argv. */
    public FakeCommands exitingWith(String name, int code, String stderr) throws IOException {
        Path script = bin.resolve(name);
        Files.writeString(script, "#!/bin/sh\n"
                + "( IFS='\t'; printf '%s\\n' \"${0##*/}\t$*\" ) >> '" + record + "'\n"
                + (stderr.isEmpty() ? "" : "echo '" + stderr.replace("'", "") + "' >&2\n")
                + "exit " + code + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return this;
    }

    /** PATH with the fakes first; nothing else, so that no real system command can run by mistake. */
    public String path() {
        return bin.toString();
    }

    /** Each command run, as its argv. */
    public List<List<String>> ran() throws IOException {
        if (!Files.exists(record)) {
            return List.of();
        }
        return Files.readAllLines(record).stream().map(l -> Arrays.asList(l.split("\t", -1))).map(List::copyOf).toList();
    }
}
