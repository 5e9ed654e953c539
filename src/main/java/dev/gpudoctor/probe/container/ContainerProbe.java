package dev.gpudoctor.probe.container;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.ContainerFacts;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Container and WSL surroundings, and what the image asked of the NVIDIA container runtime. */
public final class ContainerProbe implements Probe<ContainerFacts> {

    static final String VISIBLE_DEVICES = "NVIDIA_VISIBLE_DEVICES";
    static final String DRIVER_CAPABILITIES = "NVIDIA_DRIVER_CAPABILITIES";
    static final String REQUIRE_CUDA = "NVIDIA_REQUIRE_CUDA";
    static final String WSL_LIB = "/usr/lib/wsl/lib";

    @Override
    public String name() {
        return "container";
    }

    @Override
    public ContainerFacts probe(ProbeContext ctx) {
        HostFiles files = ctx.host().files();
        return new ContainerFacts(
                container(files),
                env(ctx, VISIBLE_DEVICES),
                env(ctx, DRIVER_CAPABILITIES),
                env(ctx, REQUIRE_CUDA).flatMap(RequireCudaParser::parse),
                wsl(files));
    }

    /**
     * The cgroup is asked first for Kubernetes, since a pod run by docker also has /.dockerenv;
     * then the runtimes' marker files; then the cgroup for the other runtimes.
     */
    static Fact<String> container(HostFiles files) {
        List<Evidence> looked = new ArrayList<>();
        Optional<String> fromCgroup = Optional.empty();
        Fact<String> cgroupText = null;
        for (String path : List.of("/proc/1/cgroup", "/proc/self/cgroup")) {
            Fact<String> text = files.readText(path);
            looked.addAll(text.evidence());
            fromCgroup = text.get().flatMap(CgroupParser::runtime);
            if (fromCgroup.isPresent()) {
                cgroupText = text;
                break;
            }
        }
        if (fromCgroup.filter("kubernetes"::equals).isPresent()) {
            return Fact.found("kubernetes", cgroupText.evidence());
        }
        for (String[] marker : new String[][] {{"/.dockerenv", "docker"}, {"/run/.containerenv", "podman"}}) {
            Fact<FileStat> st = files.stat(marker[0]);
            if (st.isFound()) {
                return Fact.found(marker[1], st.evidence());
            }
            looked.addAll(st.evidence());
        }
        if (fromCgroup.isPresent()) {
            return Fact.found(fromCgroup.get(), cgroupText.evidence());
        }
        return Fact.absent("no /.dockerenv, no /run/.containerenv, no container runtime in the cgroup path", looked);
    }

    private static Fact<String> env(ProbeContext ctx, String name) {
        return ctx.env(name)
                .map(v -> Fact.found(v, Evidence.environment(name)))
                .orElseGet(() -> Fact.absent("not set", Evidence.environment(name)));
    }

    static Fact<ContainerFacts.Wsl> wsl(HostFiles files) {
        Fact<String> banner = files.readText("/proc/version");
        if (!banner.isFound()) {
            return new Fact<>(banner.status(), null, banner.why(), banner.evidence());
        }
        Fact<FileStat> lib = files.stat(WSL_LIB);
        boolean libDir = files.isDirectory(WSL_LIB);
        Fact<ContainerFacts.Wsl> wsl = banner.flatMap(b -> WslParser.parse(b, libDir));
        if (!wsl.isFound()) {
            return wsl;
        }
        List<Evidence> all = new ArrayList<>(wsl.evidence());
        all.addAll(lib.evidence());
        return Fact.found(wsl.value(), all);
    }
}
