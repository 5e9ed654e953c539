package dev.gpudoctor.model;

import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DnnFacts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The TensorRT releases a host holds, from the dnn probe's facts, as targets for model check. */
public final class HostTensorrt {

    private HostTensorrt() {
    }

    /**
     * One target per TensorRT release (major.minor) installed: each copy's most precise version
     * (a wheel's 10.8.0.43 over the library name's 10), with where it was read.
     */
    public static List<TensorrtChecks.Target> targets(DnnFacts dnn, String host) {
        List<TensorrtChecks.Target> out = new ArrayList<>();
        if (dnn == null || dnn.tensorrt() == null || !dnn.tensorrt().isFound()) {
            return out;
        }
        Set<Version> releases = new LinkedHashSet<>();
        for (Map.Entry<String, List<DnnFacts.Install>> e : DnnFacts.byLocation(dnn.tensorrt().value()).entrySet()) {
            DnnFacts.Install best = e.getValue().stream().filter(i -> i.version() != null)
                    .max(Comparator.comparingInt(i -> i.version().size())).orElse(null);
            if (best == null || !releases.add(best.version().prefix(2))) {
                continue;
            }
            out.add(new TensorrtChecks.Target(best.version(), "TensorRT " + best.version() + " at " + e.getKey() + " (" + best.origin()
                    + " " + best.detail() + ") on " + host));
        }
        return out;
    }

    /**
     * The folder of the copy the first target comes from (the same order as {@link #targets}), for --build: a tar
     * install's trtexec lies beside it.
     */
    public static java.util.Optional<String> libraryDir(DnnFacts dnn) {
        if (dnn == null || dnn.tensorrt() == null || !dnn.tensorrt().isFound()) {
            return java.util.Optional.empty();
        }
        Map<String, List<DnnFacts.Install>> copies = DnnFacts.byLocation(dnn.tensorrt().value());
        return copies.entrySet().stream().filter(e -> e.getValue().stream().anyMatch(i -> i.version() != null))
                .map(Map.Entry::getKey).findFirst().or(() -> copies.keySet().stream().findFirst());
    }

    /** Why no TensorRT was found, in the probe's words. */
    public static String whyNone(DnnFacts dnn) {
        if (dnn == null || dnn.tensorrt() == null) {
            return "the TensorRT probe did not complete";
        }
        return dnn.tensorrt().describe(x -> "TensorRT found, but no copy states its version");
    }
}
