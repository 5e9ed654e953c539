package dev.gpudoctor.host.bundle;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.Environment;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.host.HostPaths;
import dev.gpudoctor.host.LinkWalk;
import dev.gpudoctor.host.NativeLibraries;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * A host that passes every question to another host and writes down each answer, so that the
 * probes' reading of a machine can be replayed elsewhere exactly: what was read, what was only
 * seen in a listing, what failed and why, what each command printed.
 */
public final class RecordingHost implements Host {


    private final Host inner;
    private final Journal journal = new Journal();
    private final HostFiles files;

    public RecordingHost(Host inner) {
        this.inner = inner;
        this.files = new RecordingFiles();
    }

    Journal journal() {
        return journal;
    }

    public Host inner() {
        return inner;
    }

    @Override
    public HostFiles files() {
        return files;
    }

    @Override
    public CommandRunner commands() {
        return (argv, timeout) -> {
            CommandResult r = inner.commands().run(argv, timeout);
            journal.command(r);
            return r;
        };
    }

    @Override
    public Environment environment() {
        Environment env = inner.environment();
        return new Environment() {
            @Override
            public Optional<String> get(String name) {
                Optional<String> v = env.get(name);
                v.ifPresent(value -> journal.env(name, value));
                return v;
            }

            @Override
            public SortedMap<String, String> withPrefix(String prefix) {
                SortedMap<String, String> m = env.withPrefix(prefix);
                m.forEach(journal::env);
                return m;
            }
        };
    }

    @Override
    public NativeLibraries natives() {
        NativeLibraries n = inner.natives();
        return new NativeLibraries() {
            @Override
            public Fact<String> availability() {
                Fact<String> f = n.availability();
                journal.natives(f);
                return f;
            }

            @Override
            public Fact<dev.gpudoctor.host.NvmlReport> nvml(java.time.Duration deadline) {
                Fact<dev.gpudoctor.host.NvmlReport> f = n.nvml(deadline);
                journal.nvml(f);
                return f;
            }

            @Override
            public Fact<dev.gpudoctor.host.CudaDriverReport> cudaDriver(java.time.Duration deadline) {
                Fact<dev.gpudoctor.host.CudaDriverReport> f = n.cudaDriver(deadline);
                journal.cudaDriver(f);
                return f;
            }

            @Override
            public Fact<dev.gpudoctor.host.LibraryAnswer> askLibrary(String path, java.time.Duration deadline) {
                Fact<dev.gpudoctor.host.LibraryAnswer> f = n.askLibrary(path, deadline);
                journal.library(path, f);
                return f;
            }

            @Override
            public java.util.Map<String, Fact<dev.gpudoctor.host.LibraryAnswer>> askLibraries(List<String> paths,
                    java.time.Duration deadlineEach) {
                var answers = n.askLibraries(paths, deadlineEach);
                answers.forEach(journal::library);
                return answers;
            }
        };
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public boolean isLive() {
        return inner.isLive();
    }

    private final class RecordingFiles implements HostFiles {
        private final HostFiles f = inner.files();

        @Override
        public Fact<String> readText(String path) {
            String real = walk(path);
            Fact<String> r = f.readText(path);
            if (r.isFound() && real != null) {
                // The decoded text re-encodes to bytes that decode to the same text on replay.
                journal.content(real, r.value().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } else if (!r.isFound()) {
                journal.error(path, r);
            }
            return r;
        }

        @Override
        public Fact<byte[]> readBytes(String path, int maxBytes) {
            String real = walk(path);
            Fact<byte[]> r = f.readBytes(path, maxBytes);
            if (r.isFound() && real != null) {
                journal.content(real, r.value());
            } else if (!r.isFound()) {
                journal.error(path, r);
            }
            return r;
        }

        @Override
        public Fact<List<DirEntry>> list(String dir) {
            String real = walk(dir);
            Fact<List<DirEntry>> r = f.list(dir);
            if (r.isFound() && real != null) {
                for (DirEntry e : r.value()) {
                    String child = HostPaths.join(real, e.name());
                    Fact<FileStat> s = f.stat(child);
                    if (s.isFound()) {
                        journal.stat(child, s.value());
                    } else {
                        journal.error(child, s);
                    }
                }
            } else if (!r.isFound()) {
                journal.error(dir, r);
            }
            return r;
        }

        @Override
        public Fact<FileStat> stat(String path) {
            String normal = HostPaths.normalize(path);
            int slash = normal.lastIndexOf('/');
            String parentReal = walk(slash <= 0 ? "/" : normal.substring(0, slash));
            Fact<FileStat> r = f.stat(path);
            if (r.isFound() && parentReal != null) {
                journal.stat(HostPaths.join(parentReal, normal.substring(slash + 1)), r.value());
            } else if (!r.isFound()) {
                journal.error(path, r);
            }
            return r;
        }

        @Override
        public Fact<String> realPath(String path) {
            walk(path);
            Fact<String> r = f.realPath(path);
            if (!r.isFound()) {
                journal.error(path, r);
            }
            return r;
        }

        @Override
        public Fact<ElfDynamic> elf(String path) {
            String real = walk(path);
            Fact<ElfDynamic> r = f.elf(path);
            if (real != null) {
                if (r.isFound()) {
                    journal.elf(real, r.value());
                } else {
                    journal.elfError(real, r.why());
                }
            } else if (!r.isFound()) {
                journal.error(path, r);
            }
            return r;
        }

        /**
         * Follows the path component by component as the host resolves it, recording the lstat of
         * every directory and link on the way, and returns the real path (null when it does not resolve).
         */
        private String walk(String path) {
            return LinkWalk.<Boolean>resolve(path, here -> {
                Fact<FileStat> s = f.stat(here);
                if (!s.isFound()) {
                    return new LinkWalk.Stop<>(true);
                }
                journal.stat(here, s.value());
                return s.value().type() == FileType.SYMLINK ? new LinkWalk.Link<>(s.value().linkTarget()) : new LinkWalk.Entry<>();
            }, true).path();
        }
    }
}
