package dev.gpudoctor.probe.cuda;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.LibraryCopy;
import dev.gpudoctor.fact.section.VersionClaim;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.libs.LibraryScan;
import dev.gpudoctor.probe.libs.NoneFound;
import dev.gpudoctor.probe.packages.InstalledPackage;
import dev.gpudoctor.probe.packages.SystemPackages;
import java.util.ArrayList;
import java.util.List;

/** Every CUDA toolkit with each source's version claim, where /usr/local/cuda points, forward-compat libcuda. */
public final class CudaProbe implements Probe<CudaFacts> {

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public CudaFacts probe(ProbeContext ctx) {
        HostFiles files = ctx.host().files();
        ToolkitHomes.Found found = ToolkitHomes.find(ctx);
        SystemPackages.Lists lists = SystemPackages.find(ctx);
        List<InstalledPackage> packages = lists.all();
        List<CudaFacts.Toolkit> toolkits = new ArrayList<>();
        for (ToolkitHomes.Home h : found.homes()) {
            // The cuda-compat package alone makes a /usr/local/cuda-X.Y with only compat/ in it: no toolkit.
            if (!ToolkitHomes.looksLikeToolkit(files, h.path()) && !files.exists(h.path() + "/bin/nvcc")) {
                continue;
            }
            List<VersionClaim> claims = ToolkitClaims.collect(files, ctx.host().commands(), h.path(), packages);
            toolkits.add(new CudaFacts.Toolkit(h.path(), ToolkitClaims.strongest(claims), claims, h.foundBy()));
        }
        List<Evidence> ev = new ArrayList<>();
        ev.add(Evidence.derived("/usr/local/cuda*, CUDA_HOME, CUDA_PATH, nvcc on PATH, toolkit packages"));
        ev.addAll(lists.dpkg().evidence());
        ev.addAll(lists.rpm().evidence());
        return new CudaFacts(
                NoneFound.asAbsent(Fact.found(List.copyOf(toolkits), ev), "no CUDA toolkit found"),
                files.realPath("/usr/local/cuda"),
                found.cudaHomeVariable(),
                found.nvccOnPath(),
                forwardCompat(files, found.homes()));
    }

    /** The cuda-compat package's libcuda under each toolkit's compat directory. */
    static Fact<List<LibraryCopy>> forwardCompat(HostFiles files, List<ToolkitHomes.Home> homes) {
        List<LibraryScan.Where> where = new ArrayList<>();
        for (ToolkitHomes.Home h : homes) {
            where.add(new LibraryScan.Where(h.path() + "/compat", "cuda compat"));
        }
        // LibraryScan keeps one copy per real file, so homes sharing a compat directory count once.
        return NoneFound.asAbsent(LibraryScan.scan(files, where, LibraryScan.versioned("libcuda"), "libcuda", 2),
                "no compat/libcuda.so.* in any toolkit");
    }
}
