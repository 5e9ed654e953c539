package dev.gpudoctor.testing;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.Environment;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.NativeLibraries;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A {@link FakeHost} with some answers replaced, for what a temporary directory cannot hold when
 * tests run as root: device nodes (mknod needs a capability a CI container may lack) and
 * "permission denied" (root reads a chmod 000 file anyway).
 */
public final class PatchedHost implements Host {

    private final FakeHost base;
    private final Map<String, FileStat> stats = new HashMap<>();
    private final Set<String> denied = new HashSet<>();

    public PatchedHost(FakeHost base) {
        this.base = base;
    }

    /** Makes stat of the path answer this (the path should also exist in the fake host to be listed). */
    public PatchedHost stat(String hostPath, FileStat stat) {
        stats.put(hostPath, stat);
        return this;
    }

    /** Every read, listing and stat of the path fails as the kernel would answer a non-root reader. */
    public PatchedHost deny(String hostPath) {
        denied.add(hostPath);
        return this;
    }

    /**
     * Lays the nodes of an {@code ls -l /dev/nvidia* /dev/nvidia-caps} capture into the host: each
     * node becomes a file in the fake root (so /dev lists it) whose stat answers the captured mode,
     * major and minor.
     */
    public PatchedHost devListing(String lsOutput) {
        String dir = "/dev";
        for (String line : lsOutput.split("\n")) {
            if (line.endsWith(":")) {
                dir = line.substring(0, line.length() - 1);
                continue;
            }
            String[] w = line.trim().split("[\\s,]+");
            if (w.length < 10 || w[0].charAt(0) != 'c') {
                continue;
            }
            String name = w[w.length - 1];
            String path = name.startsWith("/") ? name : dir + "/" + name;
            base.file(path, "");
            stats.put(path, new FileStat(FileStat.typeFrom(w[0]), FileStat.permissionsFrom(w[0]), 0, 0, null, null,
                    Integer.parseInt(w[4]), Integer.parseInt(w[5])));
        }
        return this;
    }

    @Override
    public HostFiles files() {
        HostFiles real = base.files();
        return new HostFiles() {
            @Override
            public Fact<String> readText(String path) {
                return denied.contains(path) ? Fact.failed("permission denied", Evidence.file(path, 0)) : real.readText(path);
            }

            @Override
            public Fact<byte[]> readBytes(String path, int maxBytes) {
                return denied.contains(path) ? Fact.failed("permission denied", Evidence.file(path, 0))
                        : real.readBytes(path, maxBytes);
            }

            @Override
            public Fact<java.util.List<DirEntry>> list(String dir) {
                return denied.contains(dir) ? Fact.failed("permission denied", Evidence.directory(dir, 0)) : real.list(dir);
            }

            @Override
            public Fact<FileStat> stat(String path) {
                if (denied.contains(path)) {
                    return Fact.failed("permission denied", Evidence.file(path, 0));
                }
                FileStat s = stats.get(path);
                return s != null ? Fact.found(s, Evidence.file(path, 0)) : real.stat(path);
            }

            @Override
            public Fact<String> realPath(String path) {
                return real.realPath(path);
            }

            @Override
            public Fact<ElfDynamic> elf(String path) {
                return real.elf(path);
            }

            @Override
            public boolean isDirectory(String path) {
                FileStat s = stats.get(path);
                return s != null ? s.type() == FileType.DIRECTORY : real.isDirectory(path);
            }
        };
    }

    @Override
    public CommandRunner commands() {
        return base.commands();
    }

    @Override
    public Environment environment() {
        return base.environment();
    }

    @Override
    public NativeLibraries natives() {
        return base.natives();
    }

    @Override
    public String description() {
        return "patched " + base.description();
    }

    @Override
    public boolean isLive() {
        return false;
    }
}
