package dev.gpudoctor.probe.dnn;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.DnnFacts.Install;
import dev.gpudoctor.fact.section.PythonFacts.PythonEnv;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import dev.gpudoctor.probe.cuda.ToolkitHomes;
import dev.gpudoctor.probe.libs.LibraryDirs;
import dev.gpudoctor.probe.libs.NoneFound;
import dev.gpudoctor.probe.libs.PathWalk;
import dev.gpudoctor.probe.packages.SystemPackages;
import dev.gpudoctor.probe.python.PythonEnvironments;
import java.util.ArrayList;
import java.util.List;

/** cuDNN and TensorRT: every copy, from headers, library files, system packages, wheels and conda. */
public final class DnnProbe implements Probe<DnnFacts> {

    static final String TRTEXEC_SAMPLES = "/usr/src/tensorrt/bin/trtexec";
    private static final List<String> TRIPLETS = List.of("x86_64-linux-gnu", "aarch64-linux-gnu");

    @Override
    public String name() {
        return "dnn";
    }

    @Override
    public DnnFacts probe(ProbeContext ctx) {
        return new DnnFacts(installs(ctx, DnnSpec.CUDNN), installs(ctx, DnnSpec.TENSORRT), trtexec(ctx),
                installs(ctx, DnnSpec.NCCL));
    }

    static Fact<List<Install>> installs(ProbeContext ctx, DnnSpec spec) {
        HostFiles files = ctx.host().files();
        List<PythonEnv> envs = PythonEnvironments.find(ctx).orElse(List.of());
        List<String> homes = ToolkitHomes.find(ctx).homes().stream().map(ToolkitHomes.Home::path).toList();

        List<String> libDirs = new ArrayList<>();
        LibraryDirs.find(ctx).orElse(List.of()).forEach(d -> libDirs.add(d.path()));
        homes.forEach(h -> libDirs.addAll(toolkitLibDirs(files, h)));
        envs.forEach(e -> libDirs.add(e.sitePackages() + "/" + spec.wheelLibDir()));
        List<Install> libraries = DnnFiles.libraries(files, spec, libDirs);

        List<DnnFiles.HeaderDir> headerDirs = new ArrayList<>();
        headerDirs.add(new DnnFiles.HeaderDir("/usr/include", List.of("/usr/lib/x86_64-linux-gnu",
                "/usr/lib/aarch64-linux-gnu", "/usr/lib64", "/usr/lib")));
        for (String t : TRIPLETS) {
            headerDirs.add(new DnnFiles.HeaderDir("/usr/include/" + t, List.of("/usr/lib/" + t)));
        }
        homes.forEach(h -> headerDirs.add(new DnnFiles.HeaderDir(h + "/include", toolkitLibDirs(files, h))));
        if (spec.wheelIncludeDir() != null) {
            envs.forEach(e -> headerDirs.add(new DnnFiles.HeaderDir(e.sitePackages() + "/" + spec.wheelIncludeDir(),
                    List.of(e.sitePackages() + "/" + spec.wheelLibDir()))));
        }

        // Headers first: a copy's headline version is the first one its group shows.
        List<Install> all = new ArrayList<>(DnnFiles.headers(files, spec, headerDirs, libraries));
        all.addAll(libraries);
        all.addAll(DnnPackages.system(files, spec, SystemPackages.find(ctx).all()));
        all.addAll(DnnPackages.pip(spec, envs));
        all.addAll(DnnPackages.conda(files, spec, envs));
        return NoneFound.asAbsent(Fact.found(List.copyOf(all), Evidence.derived(spec.product()
                + ": headers, library directories, dpkg/rpm, pip wheels, conda-meta")), "no " + spec.product() + " found");
    }

    private static List<String> toolkitLibDirs(HostFiles files, String home) {
        List<String> out = new ArrayList<>();
        out.add(home + "/lib64");
        for (DirEntry t : files.list(home + "/targets").orElse(List.of())) {
            out.add(home + "/targets/" + t.name() + "/lib");
        }
        return out;
    }

    /** trtexec on PATH, else where the TensorRT packages put it (/usr/src/tensorrt/bin). */
    static Fact<String> trtexec(ProbeContext ctx) {
        Fact<String> onPath = PathWalk.which(ctx, "trtexec");
        if (onPath.isFound()) {
            return onPath;
        }
        Fact<String> samples = ctx.host().files().realPath(TRTEXEC_SAMPLES);
        if (samples.isFound()) {
            return Fact.found(TRTEXEC_SAMPLES, samples.evidence());
        }
        List<Evidence> ev = new ArrayList<>(onPath.evidence());
        ev.addAll(samples.evidence());
        return Fact.absent("trtexec is not on PATH nor at " + TRTEXEC_SAMPLES, ev);
    }
}
