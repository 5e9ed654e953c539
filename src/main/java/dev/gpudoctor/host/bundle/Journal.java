package dev.gpudoctor.host.bundle;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.FileStat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a {@link RecordingHost} saw, in a form the {@link BundleWriter} turns into a bundle. Thread-safe. */
final class Journal {

    /** The lstat of every path touched on the way to anything read (directories, links, files, nodes). */
    final Map<String, FileStat> stats = new TreeMap<>();
    /** Contents of files that were read, by real path. */
    final Map<String, byte[]> contents = new TreeMap<>();
    /** Reads that failed or found nothing, by the path asked for. */
    final Map<String, Fact<?>> errors = new TreeMap<>();
    final Map<String, ElfDynamic> elf = new TreeMap<>();
    final Map<String, String> elfErrors = new TreeMap<>();
    final List<CommandResult> commands = new ArrayList<>();
    final Map<String, String> environment = new TreeMap<>();
    Fact<String> natives;
    Fact<dev.gpudoctor.host.NvmlReport> nvml;
    Fact<dev.gpudoctor.host.CudaDriverReport> cudaDriver;
    /** Library copies asked by path, by that path. */
    final Map<String, Fact<dev.gpudoctor.host.LibraryAnswer>> libraries = new TreeMap<>();

    synchronized void stat(String path, FileStat s) {
        stats.put(path, s);
    }

    synchronized void content(String realPath, byte[] bytes) {
        contents.put(realPath, bytes);
    }

    synchronized void error(String path, Fact<?> f) {
        errors.putIfAbsent(path, f);
    }

    synchronized void elf(String realPath, ElfDynamic d) {
        elf.put(realPath, d);
    }

    synchronized void elfError(String realPath, String why) {
        elfErrors.put(realPath, why);
    }

    synchronized void command(CommandResult r) {
        commands.add(r);
    }

    synchronized void env(String name, String value) {
        environment.put(name, value);
    }

    synchronized void natives(Fact<String> f) {
        natives = f;
    }

    synchronized void nvml(Fact<dev.gpudoctor.host.NvmlReport> f) {
        nvml = f;
    }

    synchronized void cudaDriver(Fact<dev.gpudoctor.host.CudaDriverReport> f) {
        cudaDriver = f;
    }

    synchronized void library(String path, Fact<dev.gpudoctor.host.LibraryAnswer> f) {
        libraries.put(path, f);
    }
}
