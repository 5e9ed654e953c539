package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.List;

/**
 * Which copy of each CUDA library a framework would load, found by emulating the dynamic linker
 * over the framework library's NEEDED, RPATH and RUNPATH, LD_LIBRARY_PATH, ld.so.cache and the
 * default directories.
 */
public record LinkerFacts(Fact<List<Resolution>> resolutions, Fact<String> ldLibraryPath,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<MappedProcess> processes) implements Section {

    public LinkerFacts {
        processes = processes == null ? List.of() : List.copyOf(processes);
    }

    public LinkerFacts(Fact<List<Resolution>> resolutions, Fact<String> ldLibraryPath) {
        this(resolutions, ldLibraryPath, List.of());
    }

    /** A running process given with --pid and the CUDA-facing shared objects it has mapped. */
    public record MappedProcess(int pid, Fact<List<String>> cudaLibraries) {
    }

    /**
     * One framework library and what each of its CUDA-facing dependencies resolves to.
     *
     * @param problem why the object could not be examined (an unreadable ELF), or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Resolution(String framework, String environment, String object, List<Dependency> dependencies,
                             String problem) {
        public Resolution {
            if (framework == null || object == null) {
                throw new IllegalArgumentException("a resolution needs its framework and object");
            }
            dependencies = List.copyOf(dependencies);
        }
    }

    /**
     * @param via     rpath | ld_library_path | runpath | ld.so.cache | default-dirs | not-found
     * @param version the resolved copy's version, from its file name, its wheel or its header
     * @param versionSource where that version was read
     * @param shadowed other copies of the same soname that the linker passes over
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dependency(String soname, String resolvedPath, String via, Version version, String versionSource,
                             List<Copy> shadowed) {
        public Dependency {
            if (soname == null) {
                throw new IllegalArgumentException("a dependency needs its soname");
            }
            shadowed = shadowed == null ? List.of() : List.copyOf(shadowed);
        }
    }

    /** Another copy of the same soname that the linker passes over, with its version where known. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Copy(String path, Version version) {
        public Copy {
            if (path == null) {
                throw new IllegalArgumentException("a library copy needs its path");
            }
        }

        @Override
        public String toString() {
            return path + (version == null ? "" : " (" + version + ")");
        }
    }

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        List<String> heads = new ArrayList<>();
        d.add("LD_LIBRARY_PATH: " + ldLibraryPath.describe(s -> s) + Sources.of(ldLibraryPath));
        for (MappedProcess p : processes) {
            d.add("process " + p.pid() + " has mapped: " + p.cudaLibraries().describe(l -> l.isEmpty() ? "no CUDA library"
                    : String.join(", ", l)) + Sources.of(p.cudaLibraries()));
        }
        if (!resolutions.isFound()) {
            return List.of(AreaLine.info("Library resolution", resolutions.describe(x -> ""), d));
        }
        AreaLine.Health health = AreaLine.Health.OK;
        for (Resolution r : resolutions.value()) {
            d.add(r.framework() + " (" + r.object() + "):" + (r.problem() == null ? "" : " " + r.problem()));
            if (r.problem() != null) {
                health = AreaLine.Health.WARNING;
            }
            for (Dependency dep : r.dependencies()) {
                d.add("    " + dep.soname() + " -> " + (dep.resolvedPath() == null ? "NOT FOUND" : dep.resolvedPath())
                        + " via " + dep.via() + (dep.version() != null ? ", " + dep.version() + " (" + dep.versionSource() + ")" : "")
                        + (dep.shadowed().isEmpty() ? "" : "; not used: "
                        + String.join(", ", dep.shadowed().stream().map(Copy::toString).toList())));
                if (dep.resolvedPath() == null) {
                    health = AreaLine.Health.PROBLEM;
                }
                if (dep.soname().startsWith("libcudnn.so") && dep.resolvedPath() != null) {
                    String from = dep.versionSource() != null && dep.versionSource().startsWith("wheel ")
                            ? "the " + dep.versionSource().split(" ")[1] + " wheel" : dep.resolvedPath();
                    heads.add(r.framework() + " loads cuDNN " + (dep.version() == null ? "?" : dep.version())
                            + " from " + from + (dep.shadowed().isEmpty() ? "" : "; not used: "
                            + String.join(", ", dep.shadowed().stream().map(Copy::toString).toList())));
                }
            }
        }
        if (resolutions.value().isEmpty()) {
            health = AreaLine.Health.INFO;
        }
        String head = resolutions.value().isEmpty() ? "no framework library to resolve"
                : heads.isEmpty() ? resolutions.value().size() + " framework librar(ies) resolved" : String.join("; ", heads);
        return List.of(new AreaLine("Library resolution", health, head, d));
    }
}
