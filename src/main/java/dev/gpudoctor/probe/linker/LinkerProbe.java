package dev.gpudoctor.probe.linker;

import dev.gpudoctor.elf.ElfDynamic;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.python.PythonEnvironments;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Says which copy of each CUDA library every framework would load, by reading the framework
 * library's ELF dynamic section and searching as the dynamic linker does. On the H200 host this is
 * what PyTorch's own collect_env gets wrong: torch loads the wheel's cuDNN 9.19 through its RPATH,
 * not the system's 9.14.
 */
public final class LinkerProbe implements Probe<LinkerFacts> {

    static final String LD_CACHE = "/etc/ld.so.cache";

    @Override
    public String name() {
        return "linker";
    }

    @Override
    public LinkerFacts probe(ProbeContext ctx) {
        Fact<String> ldLibraryPath = ctx.env("LD_LIBRARY_PATH")
                .map(v -> Fact.found(v, Evidence.environment("LD_LIBRARY_PATH")))
                .orElseGet(() -> Fact.absent("not set", Evidence.environment("LD_LIBRARY_PATH")));
        Fact<List<LdCache.Entry>> cache = cache(ctx);
        Fact<List<PythonFacts.PythonEnv>> envs = PythonEnvironments.find(ctx);
        List<LinkerFacts.MappedProcess> processes = processes(ctx);
        if (!envs.isFound()) {
            return new LinkerFacts(envs.withoutValue(envs.why()), ldLibraryPath, processes);
        }
        HostFiles files = ctx.host().files();
        DynamicLinker linker = new DynamicLinker(files,
                DynamicLinker.splitSearchPath(ldLibraryPath.orElse(null)), cache.orElse(List.of()));
        List<LinkerFacts.Resolution> out = new ArrayList<>();
        List<Evidence> evidence = new ArrayList<>(cache.evidence());
        for (PythonFacts.PythonEnv env : envs.value()) {
            for (FrameworkLibraries.Target t : FrameworkLibraries.of(env)) {
                if (!files.exists(t.path())) {
                    continue;
                }
                Fact<ElfDynamic> elf = files.elf(t.path());
                evidence.addAll(elf.evidence());
                if (!elf.isFound()) {
                    out.add(new LinkerFacts.Resolution(t.framework(), env.prefix(), t.path(), List.of(),
                            "cannot read its ELF dynamic section: " + elf.why()));
                    continue;
                }
                out.add(new LinkerFacts.Resolution(t.framework(), env.prefix(), t.path(),
                        dependencies(linker, files, env, t, elf.value()), null));
            }
        }
        String cacheNote = cache.isFound() ? null : "ld.so.cache " + cache.describe(x -> "");
        if (cacheNote != null) {
            evidence.add(Evidence.derived(cacheNote));
        }
        return new LinkerFacts(Fact.found(List.copyOf(out), evidence), ldLibraryPath, processes);
    }

    /** The CUDA-facing libraries each --pid process has mapped: what it really loaded. */
    static List<LinkerFacts.MappedProcess> processes(ProbeContext ctx) {
        List<LinkerFacts.MappedProcess> out = new ArrayList<>();
        for (int pid : ctx.pids()) {
            Fact<List<String>> mapped = ctx.host().files().readText("/proc/" + pid + "/maps")
                    .flatMap(ProcMaps::sharedObjects)
                    .map(l -> l.stream().filter(p -> FrameworkLibraries.CUDA_FACING
                            .matcher(p.substring(p.lastIndexOf('/') + 1)).find()).toList());
            out.add(new LinkerFacts.MappedProcess(pid, mapped));
        }
        return out;
    }

    private static List<LinkerFacts.Dependency> dependencies(DynamicLinker linker, HostFiles files,
            PythonFacts.PythonEnv env, FrameworkLibraries.Target t, ElfDynamic elf) {
        Set<String> sonames = new LinkedHashSet<>();
        elf.needed().stream().filter(n -> FrameworkLibraries.CUDA_FACING.matcher(n).find()).forEach(sonames::add);
        sonames.addAll(t.opened());
        List<LinkerFacts.Dependency> deps = new ArrayList<>();
        String cudart = null;
        for (String soname : sonames) {
            DynamicLinker.Hit hit = linker.resolve(soname, t.path(), elf);
            deps.add(dependency(hit, env));
            if (soname.startsWith("libcudart.so") && hit.realPath() != null) {
                cudart = hit.realPath();
            }
        }
        // The CUDA runtime opens the driver library itself; it is searched from cudart's point of view.
        if (cudart != null && !sonames.contains("libcuda.so.1")) {
            Fact<ElfDynamic> cudartElf = files.elf(cudart);
            deps.add(dependency(linker.resolve("libcuda.so.1", cudart, cudartElf.orElse(null)), env));
        }
        return deps;
    }

    private static LinkerFacts.Dependency dependency(DynamicLinker.Hit hit, PythonFacts.PythonEnv env) {
        Optional<CopyVersion.Found> v = hit.realPath() == null ? Optional.empty()
                : CopyVersion.of(hit.realPath(), env.sitePackages(), env.packages());
        List<LinkerFacts.Copy> shadowed = hit.shadowed().stream()
                .map(p -> new LinkerFacts.Copy(p, CopyVersion.of(p, env.sitePackages(), env.packages())
                        .map(CopyVersion.Found::version).orElse(null)))
                .toList();
        return new LinkerFacts.Dependency(hit.soname(), hit.realPath(), hit.via(),
                v.map(CopyVersion.Found::version).orElse(null),
                v.map(CopyVersion.Found::source).orElse(null), shadowed);
    }

    /** The ld cache as the linker reads it; where the file is unreadable, what ldconfig -p prints. */
    static Fact<List<LdCache.Entry>> cache(ProbeContext ctx) {
        return ctx.shared("ld-cache", () -> {
            Fact<byte[]> bytes = ctx.host().files().readBytes(LD_CACHE, 64 * 1024 * 1024);
            if (bytes.isFound()) {
                return bytes.flatMap(LdCache::parse);
            }
            Fact<List<LdCache.Entry>> fromCommand = ctx.host().commands().run("ldconfig", "-p").stdoutFact()
                    .flatMap(LdCache::parseLdconfigOutput);
            if (fromCommand.isFound()) {
                return fromCommand;
            }
            List<Evidence> all = new ArrayList<>(bytes.evidence());
            all.addAll(fromCommand.evidence());
            return new Fact<>(fromCommand.status(), null,
                    LD_CACHE + " " + bytes.describe(x -> "") + "; ldconfig -p " + fromCommand.describe(x -> ""), all);
        });
    }
}
