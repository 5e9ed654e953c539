package dev.gpudoctor.probe.kernel;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.KernelFacts;
import dev.gpudoctor.fact.section.KernelFacts.ProcGpu;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The kernel side of the driver: the module and its flavour, device nodes, nouveau, Secure Boot. */
public final class KernelProbe implements Probe<KernelFacts> {

    static final String NVIDIA_VERSION = "/proc/driver/nvidia/version";
    static final String PROC_GPUS = "/proc/driver/nvidia/gpus";
    static final List<String> MODULES = List.of("nvidia", "nvidia_uvm", "nvidia_drm", "nvidia_modeset", "nouveau");
    static final String EFI = "/sys/firmware/efi";
    static final String SECURE_BOOT = EFI + "/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-00e098032b8c";

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public KernelFacts probe(ProbeContext ctx) {
        HostFiles files = ctx.host().files();
        return new KernelFacts(
                explainAbsent(files.readText(NVIDIA_VERSION).flatMap(NvidiaVersionParser::parse),
                        "no " + NVIDIA_VERSION),
                moduleVersions(files),
                explainAbsent(files.readText("/proc/modules").flatMap(ProcModulesParser::parse),
                        "no /proc/modules (a kernel without loadable modules, or /proc not mounted)"),
                DeviceNodeReader.read(files),
                procGpus(files),
                NouveauBlacklist.read(files),
                secureBoot(files));
    }

    private static Map<String, Fact<Version>> moduleVersions(HostFiles files) {
        Map<String, Fact<Version>> out = new LinkedHashMap<>();
        for (String m : MODULES) {
            String dir = "/sys/module/" + m;
            Fact<Version> v = files.readText(dir + "/version").flatMap(ModuleVersionParser::parse);
            if (v.status() == Status.ABSENT) {
                // In-tree modules such as nouveau have no version file even when loaded.
                v = explainAbsent(v, files.isDirectory(dir) ? m + " is loaded but has no version file" : m + " not loaded");
            }
            out.put(m, v);
        }
        return Collections.unmodifiableMap(out);
    }

    private static Fact<List<ProcGpu>> procGpus(HostFiles files) {
        Fact<List<DirEntry>> dirs = files.list(PROC_GPUS);
        if (!dirs.isFound()) {
            return explainAbsent(dirs.map(x -> List.of()), "no " + PROC_GPUS + " (NVIDIA kernel module not loaded)");
        }
        List<Evidence> evidence = new ArrayList<>(dirs.evidence());
        List<ProcGpu> gpus = new ArrayList<>();
        for (DirEntry e : dirs.value()) {
            Fact<ProcGpu> gpu = files.readText(PROC_GPUS + "/" + e.name() + "/information")
                    .flatMap(GpuInformationParser::parse);
            evidence.addAll(gpu.evidence());
            if (!gpu.isFound()) {
                return Fact.failed(e.name() + ": " + gpu.why(), evidence);
            }
            gpus.add(gpu.value());
        }
        return Fact.found(List.copyOf(gpus), evidence);
    }

    private static Fact<Boolean> secureBoot(HostFiles files) {
        if (!files.isDirectory(EFI)) {
            return Fact.absent("not an EFI system (no " + EFI + ")", files.stat(EFI).evidence());
        }
        return explainAbsent(files.readBytes(SECURE_BOOT, 64).flatMap(SecureBootParser::parse),
                "EFI system without a SecureBoot variable (efivarfs not mounted, or firmware without Secure Boot)");
    }

    /** An absent fact with a why that names the finding rather than the errno; evidence kept. */
    static <T> Fact<T> explainAbsent(Fact<T> f, String why) {
        return f.status() == Status.ABSENT ? Fact.absent(why, f.evidence()) : f;
    }
}
