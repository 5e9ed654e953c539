package dev.gpudoctor.host;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Fact;
import java.util.List;

/**
 * The file system of the host being examined, addressed by the host's own absolute paths
 * ("/proc/driver/nvidia/version") whatever root it is really read from: the live system, a mounted
 * image, a container's file system, a fixture or a capture bundle. Symbolic links resolve inside
 * that root, as they would on the host.
 */
public interface HostFiles {

    /** The largest text file read whole; larger files are a failed fact, never a truncated one. */
    int MAX_TEXT_BYTES = 32 * 1024 * 1024;

    /** The whole file as UTF-8 text (invalid bytes replaced), following links. */
    Fact<String> readText(String path);

    /** The whole file as bytes, up to {@code maxBytes}; a larger file is a failed fact. */
    Fact<byte[]> readBytes(String path, int maxBytes);

    /** The entries of a directory (links are listed, not followed), sorted by name. */
    Fact<List<DirEntry>> list(String dir);

    /** What the path itself is (a link is reported as a link). */
    Fact<FileStat> stat(String path);

    /** The path with every symbolic link resolved, as the host's own absolute path. */
    Fact<String> realPath(String path);

    /** The dynamic section of an ELF shared object or executable (NEEDED, SONAME, RPATH, RUNPATH). */
    Fact<ElfDynamic> elf(String path);

    /** True when the path exists (links followed); a shorthand for probes that only look. */
    default boolean exists(String path) {
        return realPath(path).isFound();
    }

    /** True when the path is a directory (links followed). */
    default boolean isDirectory(String path) {
        Fact<String> real = realPath(path);
        if (!real.isFound()) {
            return false;
        }
        Fact<FileStat> s = stat(real.value());
        return s.isFound() && s.value().type() == FileType.DIRECTORY;
    }
}
