package dev.gpudoctor.host;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Fact;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A host whose file answers are kept for one examination: several probes list the same library
 * folders and resolve the same links, and a host's files do not change within a check. Commands,
 * environment and native calls pass through unchanged.
 */
public final class MemoizedHost implements Host {

    private final Host inner;
    private final HostFiles files;

    public MemoizedHost(Host inner) {
        this.inner = inner;
        this.files = new Files(inner.files());
    }

    @Override
    public HostFiles files() {
        return files;
    }

    @Override
    public CommandRunner commands() {
        return inner.commands();
    }

    @Override
    public Environment environment() {
        return inner.environment();
    }

    @Override
    public NativeLibraries natives() {
        return inner.natives();
    }

    @Override
    public String description() {
        return inner.description();
    }

    @Override
    public boolean isLive() {
        return inner.isLive();
    }

    private static final class Files implements HostFiles {
        private final HostFiles f;
        private final Map<String, Fact<String>> texts = new ConcurrentHashMap<>();
        private final Map<String, Fact<List<DirEntry>>> listings = new ConcurrentHashMap<>();
        private final Map<String, Fact<FileStat>> stats = new ConcurrentHashMap<>();
        private final Map<String, Fact<String>> realPaths = new ConcurrentHashMap<>();
        private final Map<String, Fact<ElfDynamic>> elves = new ConcurrentHashMap<>();

        Files(HostFiles f) {
            this.f = f;
        }

        /** computeIfAbsent would hold a bin lock during slow reads; a duplicate read is the lesser evil. */
        private static <T> T memo(Map<String, T> m, String key, Function<String, T> read) {
            T v = m.get(key);
            if (v == null) {
                v = read.apply(key);
                T prior = m.putIfAbsent(key, v);
                if (prior != null) {
                    v = prior;
                }
            }
            return v;
        }

        @Override
        public Fact<String> readText(String path) {
            return memo(texts, path, f::readText);
        }

        @Override
        public Fact<byte[]> readBytes(String path, int maxBytes) {
            return f.readBytes(path, maxBytes);
        }

        @Override
        public Fact<List<DirEntry>> list(String dir) {
            return memo(listings, dir, f::list);
        }

        @Override
        public Fact<FileStat> stat(String path) {
            return memo(stats, path, f::stat);
        }

        @Override
        public Fact<String> realPath(String path) {
            return memo(realPaths, path, f::realPath);
        }

        @Override
        public Fact<ElfDynamic> elf(String path) {
            return memo(elves, path, f::elf);
        }
    }
}
