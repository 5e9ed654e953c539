package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** cuDNN, TensorRT and NCCL: every copy, from headers, library files, packages, wheels and conda. */
public record DnnFacts(Fact<List<Install>> cudnn, Fact<List<Install>> tensorrt, Fact<String> trtexec,
                       Fact<List<Install>> nccl) implements Section {

    /**
     * One installation of cuDNN or TensorRT as one source sees it.
     *
     * @param location the directory that holds the libraries (or the header's directory)
     * @param origin   header | library | dpkg | rpm | pip | conda
     * @param detail   the package name, the header path or the library file
     * @param cudaMajor the CUDA major it was built for, where the source says (package -cuda-13, wheel -cu13)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Install(Version version, String location, String origin, String detail, Integer cudaMajor,
                          List<Evidence> evidence) {
        public Install {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /** Installs grouped by the library directory they describe, so one copy seen by 3 sources is one copy. */
    public static Map<String, List<Install>> byLocation(List<Install> installs) {
        Map<String, List<Install>> m = new LinkedHashMap<>();
        for (Install i : installs) {
            m.computeIfAbsent(i.location(), k -> new ArrayList<>()).add(i);
        }
        return m;
    }

    @Override
    public List<AreaLine> summarize() {
        return List.of(line("cuDNN", cudnn), line("TensorRT", tensorrt, trtexec), line("NCCL", nccl));
    }

    private static AreaLine line(String name, Fact<List<Install>> f, Fact<?>... extra) {
        List<String> d = new ArrayList<>();
        if (!f.isFound()) {
            d.add(f.describe(x -> "") + Sources.of(f));
            return AreaLine.info(name, f.describe(x -> ""), d);
        }
        Map<String, List<Install>> copies = byLocation(f.value());
        List<String> heads = new ArrayList<>();
        copies.forEach((loc, list) -> {
            // The most precise of the sources' versions: a wheel's 9.19.0.56 over the library name's 9.
            Version v = list.stream().map(Install::version).filter(java.util.Objects::nonNull)
                    .max(java.util.Comparator.comparingInt(Version::size)).orElse(null);
            heads.add((v == null ? "?" : v) + " (" + loc + ")");
            for (Install i : list) {
                d.add(loc + ": " + (i.version() == null ? "?" : i.version()) + " from " + i.origin() + " " + i.detail());
            }
        });
        for (Fact<?> e : extra) {
            d.add("trtexec: " + e.describe(Object::toString) + Sources.of(e));
        }
        String head = copies.isEmpty() ? "not installed" : String.join("; ", heads);
        return AreaLine.info(name, head, d);
    }
}
