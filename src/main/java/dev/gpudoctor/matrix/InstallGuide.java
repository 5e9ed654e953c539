package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.Optional;

/**
 * install.yaml: how to install the NVIDIA stack on the distributions gpu-doctor writes fix plans for.
 * Steps are argv templates ({placeholders} filled by dev.gpudoctor.fix with checked values), so that
 * what a plan may run is written down, cited and reviewable as data.
 */
public record InstallGuide(List<Distro> distributions, List<Repository> repositories, List<DriverMethod> drivers,
        List<Component> components, List<Guide> guides) {

    /**
     * A distribution release: what os-release says (ID, VERSION_ID) and how NVIDIA names it.
     *
     * @param versionId its leading components must equal VERSION_ID's ("9" matches 9.4)
     * @param cudaRepo  NVIDIA's CUDA repository id, $distro in its guides (ubuntu2204, rhel9)
     * @param drivers   names of {@link DriverMethod#method()}, in order of preference
     */
    public record Distro(String id, Version versionId, String name, String family, String cudaRepo,
            List<String> drivers, Citation citation) implements Cited {

        static Distro read(Node n) {
            return new Distro(n.text("id"), n.version("versionId"), n.text("name"), n.text("family"),
                    n.text("cudaRepo"), n.texts("drivers"), n.citation());
        }

        /** Whether an os-release ID and VERSION_ID are this release (VERSION_ID 9.4 is release 9). */
        public boolean matches(String osId, String osVersionId) {
            return id.equals(osId) && Version.parse(osVersionId).map(v -> v.startsWith(versionId)).orElse(false);
        }

        @Override
        public String describe() {
            return name + " (ID=" + id + ", VERSION_ID " + versionId + "): " + family + ", CUDA repository "
                    + cudaRepo + (drivers.isEmpty() ? "" : ", drivers " + String.join(", ", drivers));
        }
    }

    /** How one family sets up NVIDIA's CUDA network repository, and the command that installs from it. */
    public record Repository(String family, List<List<String>> setup, List<String> install, Citation citation)
            implements Cited {

        static Repository read(Node n) {
            return new Repository(n.text("family"), argvLists(n, "setup"), n.child("install").ownTexts(), n.citation());
        }

        @Override
        public String describe() {
            return family + ": " + setup.size() + " set-up steps, then " + String.join(" ", install) + " PACKAGE...";
        }
    }

    /**
     * A way to install a driver branch.
     *
     * @param fromBranch   first branch it applies to, where limited
     * @param beforeBranch first branch it no longer applies to, where limited
     */
    public record DriverMethod(String method, String family, Optional<Integer> fromBranch,
            Optional<Integer> beforeBranch, boolean usesCudaRepository, List<List<String>> steps, Citation citation)
            implements Cited {

        static DriverMethod read(Node n) {
            return new DriverMethod(n.text("method"), n.text("family"), n.optNumber("fromBranch"),
                    n.optNumber("beforeBranch"), n.flag("usesCudaRepository", false), argvLists(n, "steps"), n.citation());
        }

        public boolean covers(int branch) {
            return fromBranch.map(f -> branch >= f).orElse(true) && beforeBranch.map(b -> branch < b).orElse(true);
        }

        @Override
        public String describe() {
            return method + " (" + family + fromBranch.map(f -> ", from R" + f).orElse("")
                    + beforeBranch.map(b -> ", before R" + b).orElse("")
                    + (usesCudaRepository ? ", CUDA repository" : "") + ")";
        }
    }

    /**
     * The packages of one component.
     *
     * @param family         only for this family; empty: the same names in both
     * @param major          the component's own major these names are for (cuDNN 9, TensorRT 10)
     * @param versionPattern pin appended to every package as =PATTERN
     * @param configure      steps after installing, per container runtime (container-toolkit)
     */
    public record Component(String component, Optional<String> family, Optional<Integer> major,
            List<String> packages, Optional<String> versionPattern, List<RuntimeSteps> configure, Citation citation)
            implements Cited {

        /** What to run to hook a container runtime (docker, containerd, crio) to the toolkit. */
        public record RuntimeSteps(String runtime, List<List<String>> steps) {

            static RuntimeSteps read(Node n) {
                return new RuntimeSteps(n.text("runtime"), argvLists(n, "steps"));
            }
        }

        static Component read(Node n) {
            return new Component(n.text("component"), n.optText("family"), n.optNumber("major"), n.texts("packages"),
                    n.optText("versionPattern"), n.items("configure").stream().map(RuntimeSteps::read).toList(),
                    n.citation());
        }

        public boolean appliesTo(String family) {
            return this.family.map(f -> f.equals(family)).orElse(true);
        }

        public Optional<RuntimeSteps> configureFor(String runtime) {
            return configure.stream().filter(r -> r.runtime().equals(runtime)).findFirst();
        }

        @Override
        public String describe() {
            return component + major.map(m -> " " + m).orElse("") + family.map(f -> " (" + f + ")").orElse("") + ": "
                    + String.join(" ", packages) + versionPattern.map(p -> " =" + p).orElse("")
                    + (configure.isEmpty() ? "" : "; configures "
                            + String.join(", ", configure.stream().map(RuntimeSteps::runtime).toList()));
        }
    }

    /** The generic guide of a component, for hosts gpu-doctor has no steps for: its source is the guide. */
    public record Guide(String component, Citation citation) implements Cited {

        static Guide read(Node n) {
            return new Guide(n.text("component"), n.citation());
        }

        @Override
        public String describe() {
            return component + ": " + citation.url();
        }
    }

    private static List<List<String>> argvLists(Node n, String name) {
        return n.items(name).stream().map(Node::ownTexts).toList();
    }

    /** The first release (in file order) whose ID and VERSION_ID match. */
    public Optional<Distro> distribution(String osId, String osVersionId) {
        if (osId == null || osVersionId == null) {
            return Optional.empty();
        }
        return distributions.stream().filter(d -> d.matches(osId, osVersionId)).findFirst();
    }

    public Optional<Repository> repository(String family) {
        return repositories.stream().filter(r -> r.family().equals(family)).findFirst();
    }

    public Optional<DriverMethod> driver(String method) {
        return drivers.stream().filter(d -> d.method().equals(method)).findFirst();
    }

    /** The package list of a component for a family (and the component's own major, where it has one). */
    public Optional<Component> component(String component, String family, Optional<Integer> major) {
        return components.stream().filter(c -> c.component().equals(component) && c.appliesTo(family)
                && c.major().equals(major)).findFirst();
    }

    public Optional<Guide> guide(String component) {
        return guides.stream().filter(g -> g.component().equals(component)).findFirst();
    }
}
