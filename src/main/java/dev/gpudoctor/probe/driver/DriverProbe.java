package dev.gpudoctor.probe.driver;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.LibraryCopy;
import dev.gpudoctor.host.CommandRunner;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.libs.LibraryDirs;
import dev.gpudoctor.probe.libs.LibraryScan;
import dev.gpudoctor.probe.libs.NoneFound;
import java.time.Duration;
import java.util.List;

/** The user-space driver: copies of libcuda and NVML in the library directories, and nvidia-smi's word. */
public final class DriverProbe implements Probe<DriverFacts> {

    /** nvidia-smi can hang for minutes on a GPU that fell off the bus. */
    static final Duration SMI_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String name() {
        return "driver";
    }

    /** Daemon threads: a stuck nvidia-smi must not keep the JVM alive (its runner kills it at the timeout anyway). */
    private static final java.util.concurrent.Executor DAEMONS = r -> {
        Thread t = new Thread(r, "nvidia-smi");
        t.setDaemon(true);
        t.start();
    };

    @Override
    public DriverFacts probe(ProbeContext ctx) {
        List<LibraryScan.Where> where = LibraryDirs.find(ctx).orElse(List.of()).stream()
                .filter(d -> !isForwardCompat(d.path()))
                .map(d -> new LibraryScan.Where(d.path(), d.describe()))
                .toList();
        Fact<List<LibraryCopy>> libcuda = withoutCompat(LibraryScan.scan(ctx.host().files(), where,
                LibraryScan.versioned("libcuda"), "libcuda", 2));
        Fact<List<LibraryCopy>> nvml = withoutCompat(LibraryScan.scan(ctx.host().files(), where,
                LibraryScan.versioned("libnvidia-ml"), "libnvidia-ml", 2));
        CommandRunner cmd = ctx.host().commands();
        // The two nvidia-smi runs are independent: run them side by side (each is ~25-110 ms on a GPU host).
        // A hung nvidia-smi (a GPU fell off the bus) must time out inside the examination's deadline.
        java.time.Duration timeout = ctx.bounded(SMI_TIMEOUT, 0.6);
        var versionRun = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> cmd.run(List.of("nvidia-smi", "--version"), timeout), DAEMONS);
        var log = cmd.run(List.of("nvidia-smi", "-q", "-x"), timeout).stdoutFact()
                .flatMap(NvidiaSmiXml::parse);
        var version = versionRun.join().stdoutFact().flatMap(NvidiaSmiVersion::parse);
        return new DriverFacts(libcuda, nvml, version, log);
    }

    /**
     * The cuda-compat package's libcuda (/usr/local/cuda-X.Y/compat) is a forward-compatibility
     * copy, not the driver: the cuda probe reports it. An ld.so.conf line or a link can lead to it.
     */
    static boolean isForwardCompat(String path) {
        return path.matches("/usr/local/cuda[^/]*/compat(/.*)?");
    }

    private static Fact<List<LibraryCopy>> withoutCompat(Fact<List<LibraryCopy>> copies) {
        return NoneFound.asAbsent(copies.map(l -> l.stream().filter(c -> !isForwardCompat(c.realPath()))
                        .map(DriverProbe::withDriverVersionOnly).toList()),
                "no copy in the library directories");
    }

    /**
     * WSL ships /usr/lib/wsl/lib/libcuda.so.1.1, a stub whose name carries no driver version; the
     * driver's branches are numbered 100 and up (R390, R580), so a smaller "version" is none.
     */
    static LibraryCopy withDriverVersionOnly(LibraryCopy c) {
        if (c.version() == null || c.version().major() >= 100) {
            return c;
        }
        return new LibraryCopy(c.path(), c.realPath(), null, c.foundBy());
    }
}
