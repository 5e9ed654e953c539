package dev.gpudoctor.fix.ngc;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.matrix.ArchitectureChange;
import dev.gpudoctor.matrix.ComputeCapabilities;
import dev.gpudoctor.matrix.CudaToolkit;
import dev.gpudoctor.matrix.ForwardCompat;
import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.NgcImage;
import dev.gpudoctor.matrix.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Which NGC container (nvcr.io/nvidia/...) a host can run, and why, from the matrix alone: ngc.yaml
 * for what each release states, cuda-toolkit.yaml and forward-compat.yaml where a release states
 * less, gpus.yaml for the GPUs. Every sentence of a verdict names the entries it rests on.
 *
 * <p>How a release is judged (a GPU that fails decides the verdict whatever the driver allows):
 * <ol>
 * <li>Driver, natively: the host's branch is at least the release's stated {@code minDriver}. Where
 *     the release states none but states its CUDA version as a toolkit release (three numbers), the
 *     Linux driver of that toolkit release in cuda-toolkit.yaml stands in, compared version to
 *     version, and the reason says it is derived. "12.4" (no update number) or "11.7 Update 1
 *     Preview" name no single toolkit release, so nothing is derived from them.</li>
 * <li>Driver, by forward compatibility, only where every GPU is of a class forward-compat.yaml
 *     supports. The release's own {@code forwardCompatBranches} decide where it lists any (host
 *     branch listed, host driver at least its minVersion); where the CUDA compatibility guide's
 *     package table disagrees, a caution is added but the release notes still decide. Where the
 *     release lists none, the cuda-compat package of its CUDA major.minor decides (host branch in
 *     its supported base branches), marked derived. The workstation class is supported only for
 *     "select NGC Server Ready SKUs" (forward-compat.yaml); gpus.yaml cannot tell those SKUs apart,
 *     so a workstation card that would need forward compatibility is {@link Way#UNKNOWN}, never
 *     counted as running. Jetson (embedded) is supported as the guide says.</li>
 * <li>GPU: every GPU's compute capability (NVML's answer, else gpus.yaml's) is at least the
 *     release's stated {@code computeCapability.min}, and is not among the architectures that
 *     cuda-toolkit.yaml says a toolkit up to the release's CUDA major.minor dropped (a CUDA 13 image
 *     has no code for Volta even where its notes state no minimum). Either failing is
 *     {@link Way#GPU_TOO_OLD}. A GPU whose capability is unknown makes a release that states a
 *     minimum UNKNOWN.</li>
 * </ol>
 * Minor version compatibility is not considered: NGC release notes state the driver a release
 * requires, and the matrix has nothing that says an NGC image runs on less.
 *
 * <p>Unconfirmed ngc.yaml entries (read second-hand) are judged like the others but the verdict is
 * {@code confirmed=false} and says so; so is any verdict that used another unconfirmed entry.
 *
 * <p>{@link #newest} policy: a user would rather get a confirmed image that runs than a newer one
 * known only second-hand. So the newest <em>confirmed</em> release that runs is chosen when there is
 * one, and its reasons name the newest unconfirmed release that is newer and would also run; only
 * when no confirmed release runs is the newest unconfirmed one offered (confirmed=false, saying so).
 * Among releases of the same month: native before forward compatibility, a stated driver
 * requirement before a derived one, a stated tag before none, then file order. The reasons also
 * say how many newer releases of the image are in the matrix but do not run here.
 *
 * <p>Tags: only an entry's stated {@code tag} goes into a command. No source in ngc.yaml states the
 * {@code <release>-py3} convention (its notes only show that particular tags exist), so no tag is
 * built from a release number: for an untagged release that runs, the reasons give
 * {@code nvcr.io/nvidia/<image>:<release>-...} as advice to look the tag up, and the argv lists
 * stay empty. Commands are given only for releases that run.
 *
 * <p>ngc.yaml's {@code framework} is not part of {@link NgcImage}; it is read here from the
 * validated document at the entry's own path (its citation's {@code entries[i]}).
 */
public final class NgcMatcher {

    /**
     * GPU classes that forward-compat.yaml supports only for some cards of the class (workstation:
     * "Select NGC Server Ready SKUs of RTX cards"), which gpus.yaml cannot tell apart.
     */
    private static final Set<String> SOME_CARDS_ONLY = Set.of("workstation");

    private static final Pattern ENTRY = Pattern.compile("entries\\[(\\d+)]");

    private final Matrix m;
    /** The framework version each release ships, as a number ("2.10.0a0+b4e4ee81d3" is 2.10.0). */
    private final Map<NgcImage, Version> frameworks;

    /** A verdict and what {@link #newest} ranks by beyond it. */
    private record Judged(ImageMatch match, boolean driverStated) {

        String release() {
            return match.image().release();
        }
    }

    /** Same month: native first, then a stated driver requirement, then a stated tag. */
    private static final Comparator<Judged> PREFERENCE = Comparator.comparing(Judged::release).reversed()
            .thenComparing(j -> j.match().way() != Way.NATIVE)
            .thenComparing(j -> !j.driverStated())
            .thenComparing(j -> j.match().image().tag().isEmpty());

    public NgcMatcher(Matrix m) {
        this.m = m;
        this.frameworks = frameworks(m);
    }

    /** Every image release in the matrix judged for this host, newest first per image. */
    public List<ImageMatch> judge(HostFacts facts) {
        return judged(facts).stream().map(Judged::match).toList();
    }

    /**
     * The newest image of a family ("pytorch", "tensorflow", "tensorrt", "tritonserver",
     * "cuda-dl-base", ... or the full "nvcr.io/nvidia/pytorch") that runs here, if any; confirmed
     * releases first (see the class comment).
     */
    public Optional<ImageMatch> newest(HostFacts facts, String family) {
        List<Judged> ofFamily = judged(facts).stream().filter(j -> inFamily(j.match().image(), family)).toList();
        List<Judged> running = ofFamily.stream().filter(j -> j.match().runs()).sorted(PREFERENCE).toList();
        if (running.isEmpty()) {
            return Optional.empty();
        }
        Judged chosen = running.stream().filter(j -> j.match().confirmed()).findFirst().orElse(running.get(0));
        ImageMatch out = chosen.match();
        List<ImageMatch> notHere = ofFamily.stream().map(Judged::match)
                .filter(j -> !j.runs() && j.image().release().compareTo(chosen.release()) > 0).toList();
        if (!notHere.isEmpty()) {
            ImageMatch first = notHere.get(0);
            out = out.withWhy(notHere.size() + " newer release" + (notHere.size() == 1 ? " is" : "s are")
                    + " in the matrix but not runnable here; the newest, " + first.name() + ", is "
                    + wayWords(first.way()) + " (its reasons are in the full list).");
        }
        Optional<Judged> newer = running.stream()
                .filter(j -> !j.match().confirmed() && j.release().compareTo(chosen.release()) > 0).findFirst();
        if (newer.isPresent()) {
            ImageMatch n = newer.get().match();
            out = out.withWhy("A newer release, " + n.name() + ", would also run here (" + wayWords(n.way())
                    + "), but its verdict rests on unconfirmed matrix entries (its own: " + n.image().citation().where()
                    + "): this confirmed one is chosen; weigh the newer one yourself.");
        } else if (!out.confirmed()) {
            out = out.withWhy("No release of " + out.image().image() + " that runs here rests on confirmed entries"
                    + " only: this one is offered, not confirmed.");
        }
        return Optional.of(out);
    }

    /**
     * Releases of a family whose framework version is within the requested one (torch 2.5 gives
     * releases shipping 2.5.x), that run here, newest first.
     */
    public List<ImageMatch> forFramework(HostFacts facts, String family, Version frameworkVersion) {
        return judged(facts).stream()
                .filter(j -> j.match().runs() && inFamily(j.match().image(), family))
                .filter(j -> Optional.ofNullable(frameworks.get(j.match().image()))
                        .filter(v -> v.startsWith(frameworkVersion)).isPresent())
                .sorted(Comparator.comparing(Judged::release).reversed())
                .map(Judged::match).toList();
    }

    private List<Judged> judged(HostFacts facts) {
        HostView host = HostView.of(facts, m);
        List<NgcImage> order = new ArrayList<>(m.ngc());
        // Stable: releases of the same month keep their file order.
        order.sort(Comparator.comparing(NgcImage::image).thenComparing(NgcImage::release, Comparator.reverseOrder()));
        return order.stream().map(i -> judge(host, i)).toList();
    }

    private static boolean inFamily(NgcImage i, String family) {
        String f = family.strip();
        return i.image().equalsIgnoreCase(f) || i.image().substring(i.image().lastIndexOf('/') + 1).equalsIgnoreCase(f);
    }

    // ------------------------------------------------------------------------------------ one release

    /** Whether the driver suffices natively (empty: the matrix cannot say), and whether the release states its requirement. */
    private record Requirement(Optional<Boolean> nativeOk, boolean stated) {
    }

    private Judged judge(HostView host, NgcImage i) {
        Reasons r = new Reasons();
        if (!i.confirmed()) {
            r.add("This release is known only from a second-hand copy of the release notes (an unconfirmed entry;"
                    + " its note says what it quotes): it may be offered, not relied on.", i);
        }
        if (host.driver().isEmpty()) {
            r.add("No NVIDIA driver is running here, so no container can use a GPU.");
            return done(i, Way.NOT_ON_THIS_DRIVER, r, false);
        }
        Version d = host.driver().get();
        Optional<Boolean> gpuOk = gpus(host, i, r);
        Requirement req = driver(i, d, r);
        Way way;
        if (gpuOk.equals(Optional.of(false))) {
            way = Way.GPU_TOO_OLD;
        } else {
            Way byDriver;
            if (req.nativeOk().equals(Optional.of(true))) {
                byDriver = Way.NATIVE;
            } else {
                Optional<Boolean> fc = forwardCompat(host, i, d, r);
                byDriver = fc.equals(Optional.of(true)) ? Way.FORWARD_COMPATIBILITY
                        : fc.isPresent() && req.nativeOk().isPresent() ? Way.NOT_ON_THIS_DRIVER : Way.UNKNOWN;
            }
            way = byDriver.runs() && gpuOk.isEmpty() ? Way.UNKNOWN : byDriver;
        }
        return done(i, way, r, req.stated());
    }

    private Judged done(NgcImage i, Way way, Reasons r, boolean driverStated) {
        List<String> docker = List.of();
        List<String> podman = List.of();
        if (way.runs()) {
            if (i.tag().isPresent()) {
                String ref = i.image() + ":" + i.tag().get();
                docker = ImageMatch.dockerRun(ref);
                podman = ImageMatch.podmanRun(ref);
            } else {
                r.add("The matrix states no tag for this release, and no source in it states how "
                        + i.image().substring(i.image().lastIndexOf('/') + 1) + " tags are formed: look the tag up on NGC, "
                        + i.image() + ":" + i.release() + "-... (no command is given rather than a guessed tag).", i);
            }
        }
        return new Judged(new ImageMatch(i, way.runs(), way, r.lines(), r.confirmed(), docker, podman), driverStated);
    }

    /**
     * Each GPU against the release's stated minimum compute capability and against the architectures
     * its CUDA version no longer builds for (cuda-toolkit.yaml: CUDA 13.0 dropped Maxwell, Pascal and
     * Volta, so no CUDA 13 image has code for a V100 whatever its notes say); empty where a GPU's
     * capability cannot be known but the release states a minimum.
     */
    private Optional<Boolean> gpus(HostView host, NgcImage i, Reasons r) {
        ComputeCapabilities need = i.computeCapability();
        List<ArchitectureChange> drops = cudaMinor(i).map(c -> m.architectures().stream()
                .filter(a -> !a.droppedSm().isEmpty() && a.toolkit().compareTo(c) <= 0).toList()).orElse(List.of());
        if (!need.stated()) {
            r.add("Its notes state no minimum compute capability.", i);
        }
        if (host.gpus().isEmpty()) {
            if (!need.stated()) {
                return Optional.of(true);
            }
            r.add("It needs " + need + ", and nvidia-smi lists no GPU here to check.", i);
            return Optional.empty();
        }
        boolean unknown = false;
        boolean tooOld = false;
        for (HostView.Gpu g : host.gpus()) {
            if (g.cc().isEmpty()) {
                if (need.stated()) {
                    r.add(g.name() + " is not in gpus.yaml and NVML gave no compute capability, so it cannot be"
                            + " checked against the " + need + " the release needs.", i);
                    unknown = true;
                }
                continue;
            }
            Version cc = g.cc().get();
            boolean fromMatrix = !g.ccFromNvml() && g.model().isPresent();
            String has = g.name() + " has compute capability " + cc + (g.ccFromNvml() ? " (NVML)" : "");
            if (need.stated()) {
                boolean ok = need.supports(cc).orElse(true);
                tooOld |= !ok;
                String sentence = has + (ok ? ", which meets the " : ", below the ") + need + " the release needs"
                        + (ok ? "." : ": no driver changes that.");
                if (fromMatrix) {
                    r.add(sentence, i, g.model().get());
                } else {
                    r.add(sentence, i);
                }
            }
            int sm = cc.major() * 10 + cc.minor();
            Optional<ArchitectureChange> dropped = drops.stream().filter(a -> a.droppedSm().contains(sm)).findFirst();
            if (dropped.isPresent()) {
                tooOld = true;
                String sentence = has + " (sm_" + sm + "), an architecture CUDA " + dropped.get().toolkit()
                        + " no longer builds for, and this release is built on CUDA " + i.cuda().orElseThrow()
                        + ": no driver changes that.";
                if (fromMatrix) {
                    r.add(sentence, i, dropped.get(), g.model().get());
                } else {
                    r.add(sentence, i, dropped.get());
                }
            }
        }
        return tooOld ? Optional.of(false) : unknown ? Optional.empty() : Optional.of(true);
    }

    /** The stated minDriver, else the Linux driver of the stated CUDA toolkit release. */
    private Requirement driver(NgcImage i, Version d, Reasons r) {
        if (i.minDriverBranch().isPresent()) {
            int b = i.minDriverBranch().get();
            boolean ok = d.major() >= b;
            r.add("Its release notes require driver R" + b + " or later; this host runs " + d
                    + (ok ? ", so it runs natively." : " (R" + d.major() + "), an older branch."), i);
            return new Requirement(Optional.of(ok), true);
        }
        Optional<Version> cuda = cudaOf(i);
        if (cuda.isEmpty()) {
            r.add("Its notes state no driver requirement" + i.cuda().map(c -> ", and its CUDA, \"" + c
                    + "\", is not a toolkit version the matrix can look up.").orElse(" and no CUDA version."), i);
            return new Requirement(Optional.empty(), false);
        }
        if (cuda.get().size() < 3) {
            r.add("Its notes state no driver requirement, and CUDA " + cuda.get() + " without an update number"
                    + " names no single toolkit release whose driver could stand in.", i);
            return new Requirement(Optional.empty(), false);
        }
        Version release = cuda.get().prefix(3);
        Optional<CudaToolkit> toolkit = m.cudaToolkit(release);
        Optional<Version> min = toolkit.flatMap(CudaToolkit::minDriverLinux);
        if (min.isEmpty()) {
            String sentence = "Its notes state no driver requirement, and the matrix gives no Linux driver for the CUDA "
                    + release + " toolkit to derive one from.";
            if (toolkit.isPresent()) {
                r.add(sentence, i, toolkit.get());
            } else {
                r.add(sentence, i);
            }
            return new Requirement(Optional.empty(), false);
        }
        boolean ok = d.isAtLeast(min.get());
        r.add("Its notes state no driver requirement, so one is derived from its CUDA version (not stated by the"
                + " image's notes): the CUDA " + release + " toolkit needs Linux driver " + min.get() + " or later, and"
                + " this host runs " + d + (ok ? ", so it runs natively." : ", which is older."), i, toolkit.get());
        return new Requirement(Optional.of(ok), false);
    }

    /** Forward compatibility: the GPU classes, then the branch; empty where the matrix cannot say. */
    private Optional<Boolean> forwardCompat(HostView host, NgcImage i, Version d, Reasons r) {
        Optional<Boolean> classes = gpuClasses(host, r);
        if (classes.equals(Optional.of(false))) {
            return classes;
        }
        boolean branch = branch(i, d, r);
        return !branch ? Optional.of(false) : classes;
    }

    private Optional<Boolean> gpuClasses(HostView host, Reasons r) {
        if (host.gpus().isEmpty()) {
            r.add("nvidia-smi lists no GPU here, so whether forward compatibility applies (it depends on the GPU class)"
                    + " is not known.");
            return Optional.empty();
        }
        boolean unknown = false;
        for (HostView.Gpu g : host.gpus()) {
            if (g.model().isEmpty()) {
                r.add(g.name() + " is not in gpus.yaml, so its class, on which forward compatibility depends, is not known.");
                unknown = true;
                continue;
            }
            String cls = g.model().get().gpuClass();
            Optional<ForwardCompat.GpuClass> rule = m.forwardCompat().gpuClass(cls);
            if (rule.isEmpty()) {
                r.add(g.name() + " is a " + cls + " GPU, a class forward-compat.yaml does not mention.", g.model().get());
                unknown = true;
            } else if (!rule.get().supported()) {
                r.add("No forward compatibility: " + g.name() + " is a " + cls + " GPU, a class forward compatibility"
                        + " does not apply to.", g.model().get(), rule.get());
                return Optional.of(false);
            } else if (SOME_CARDS_ONLY.contains(cls)) {
                r.add(g.name() + " is a " + cls + " GPU: forward compatibility applies only to some cards of this class"
                        + rule.get().citation().note().map(n -> " (" + n + ")").orElse("")
                        + ", and the matrix cannot tell whether this card is one, so it is not counted on.",
                        g.model().get(), rule.get());
                unknown = true;
            } else {
                r.add(g.name() + " is a " + cls + " GPU, a class forward compatibility applies to.", g.model().get(),
                        rule.get());
            }
        }
        return unknown ? Optional.empty() : Optional.of(true);
    }

    /** The release's own list of branches where it has one, else the cuda-compat package of its CUDA version. */
    private boolean branch(NgcImage i, Version d, Reasons r) {
        int b = d.major();
        Optional<ForwardCompat.CompatPackage> pkg = cudaMinor(i).flatMap(c -> m.forwardCompat().packageFor(c));
        if (!i.forwardCompatBranches().isEmpty()) {
            Optional<NgcImage.CompatBranch> listed = i.forwardCompatBranches().stream().filter(c -> c.branch() == b)
                    .findFirst();
            if (listed.isEmpty()) {
                r.add("Its release notes allow forward compatibility only on " + i.forwardCompatBranches().stream()
                        .map(c -> "R" + c.branch() + " (from " + c.minVersion() + ")").collect(Collectors.joining(", "))
                        + ", not on R" + b + ".", i);
                pkg.filter(p -> p.supportedBaseBranches().contains(b)).ifPresent(p -> r.add("The CUDA compatibility"
                        + " guide's table does list R" + b + " for " + p.name() + ", but the release's own list decides.", p));
                return false;
            }
            Version min = listed.get().minVersion();
            if (d.isOlderThan(min)) {
                r.add("Its release notes allow forward compatibility on R" + b + " from " + min + "; this host's " + d
                        + " is older.", i);
                return false;
            }
            r.add("Its release notes allow forward compatibility on R" + b + " from " + min + ", and this host runs " + d
                    + ", so it runs through forward compatibility.", i);
            pkg.filter(p -> !p.supportedBaseBranches().contains(b)).ifPresent(p -> r.add("Caution: the CUDA"
                    + " compatibility guide's table does not list R" + b + " for " + p.name() + " (it lists "
                    + branches(p.supportedBaseBranches()) + "); the release notes' list may be carried over from older"
                    + " releases, so check the guide before relying on it.", p));
            return true;
        }
        Optional<Version> cuda = cudaMinor(i);
        if (cuda.isEmpty()) {
            r.add("Its notes list no forward-compatible branches and no CUDA version whose cuda-compat package could"
                    + " stand in.", i);
            return false;
        }
        if (pkg.isEmpty()) {
            r.add("Its notes list no forward-compatible branches, and forward-compat.yaml has no cuda-compat package"
                    + " for CUDA " + cuda.get().prefix(2) + " to derive them from.", i);
            return false;
        }
        ForwardCompat.CompatPackage p = pkg.get();
        boolean ok = p.supportedBaseBranches().contains(b);
        r.add(ok ? "Its notes list no forward-compatible branches; derived from its CUDA version, not stated by the"
                + " image's notes: " + p.name() + " supports driver branch R" + b + ", so it runs through forward"
                + " compatibility."
                : "Its notes list no forward-compatible branches, and " + p.name() + " supports "
                + (p.supportedBaseBranches().isEmpty() ? "no base branch" : "only " + branches(p.supportedBaseBranches()))
                + ", not R" + b + ".", i, p);
        return ok;
    }

    // ------------------------------------------------------------------------------------ helpers

    /** The release's CUDA as a version, where it is written as one ("13.1.0", "12.8.0.38"; not "11.7 Update 1"). */
    private static Optional<Version> cudaOf(NgcImage i) {
        return i.cuda().flatMap(Version::parse);
    }

    /** The release's CUDA major.minor, which even "11.7 Update 1 Preview" states plainly. */
    private static Optional<Version> cudaMinor(NgcImage i) {
        return i.cuda().flatMap(Version::find).map(v -> v.prefix(2));
    }

    private static String branches(List<Integer> bs) {
        return bs.stream().map(b -> "R" + b).collect(Collectors.joining(", "));
    }

    private static String wayWords(Way w) {
        return switch (w) {
            case NATIVE -> "natively";
            case FORWARD_COMPATIBILITY -> "through forward compatibility";
            case NOT_ON_THIS_DRIVER -> "not for this driver";
            case GPU_TOO_OLD -> "not for this GPU";
            case UNKNOWN -> "undecided by the matrix";
        };
    }

    private static Map<NgcImage, Version> frameworks(Matrix m) {
        JsonNode entries = m.info().document(Subject.NGC).path("entries");
        Map<NgcImage, Version> out = new IdentityHashMap<>();
        for (NgcImage i : m.ngc()) {
            Matcher at = ENTRY.matcher(i.citation().field());
            if (at.matches()) {
                JsonNode f = entries.path(Integer.parseInt(at.group(1))).path("framework").path("version");
                Version.find(f.asText(null)).ifPresent(v -> out.put(i, v));
            }
        }
        return out;
    }
}
