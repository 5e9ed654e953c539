package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one TensorRT release's ONNX parser imports, as onnx-tensorrt's docs/operators.md for that
 * release states it: the opset range of its header and the operators its table marks Y or N.
 *
 * @param tensorrt     the release the table's header names (major.minor, "10.8")
 * @param minOpset     the lowest opset, where the header states one ("the inclusive range of opset 9 to ...")
 * @param restrictions the table's Restrictions column, by operator
 */
public record TensorrtOnnxSupport(Version tensorrt, Optional<Integer> minOpset, int maxOpset, List<String> supported,
        List<String> unsupported, Map<String, String> restrictions, Citation citation) implements Cited {

    /** How the table answers for one operator. */
    public enum Answer { SUPPORTED, UNSUPPORTED, NOT_LISTED }

    public TensorrtOnnxSupport {
        supported = List.copyOf(supported);
        unsupported = List.copyOf(unsupported);
        restrictions = Collections.unmodifiableMap(new LinkedHashMap<>(restrictions));
    }

    static TensorrtOnnxSupport read(Node n) {
        Node opsets = n.child("opsets");
        Optional<Integer> min = opsets.has("min") ? Optional.of(opsets.child("min").asInt()) : Optional.empty();
        int max = opsets.child("max").asInt();
        if (min.isPresent() && min.get() > max) {
            throw n.bad("opsets", "min " + min.get() + " is above max " + max);
        }
        List<String> yes = n.texts("supported");
        List<String> no = n.texts("unsupported");
        Set<String> both = new HashSet<>(yes);
        both.retainAll(no);
        if (!both.isEmpty()) {
            throw n.bad("unsupported", "listed as supported too: " + String.join(", ", both.stream().sorted().toList()));
        }
        Map<String, String> restrictions = n.textMap("restrictions");
        for (String op : restrictions.keySet()) {
            if (!yes.contains(op) && !no.contains(op)) {
                throw n.child("restrictions").bad(op, "a restriction of an operator the entry does not list");
            }
        }
        return new TensorrtOnnxSupport(n.version("tensorrt"), min, max, yes, no, restrictions, n.citation());
    }

    /** The table's answer for an operator of the default ONNX domain. */
    public Answer answer(String opType) {
        if (supported.contains(opType)) {
            return Answer.SUPPORTED;
        }
        return unsupported.contains(opType) ? Answer.UNSUPPORTED : Answer.NOT_LISTED;
    }

    public Optional<String> restriction(String opType) {
        return Optional.ofNullable(restrictions.get(opType));
    }

    /** Whether the header's range holds this opset of the default domain. */
    public boolean importsOpset(long opset) {
        return opset <= maxOpset && minOpset.map(m -> opset >= m).orElse(true);
    }

    /** "9 to 22", or "up to 17" where the header states no minimum. */
    public String opsetRange() {
        return minOpset.map(m -> m + " to " + maxOpset).orElse("up to " + maxOpset);
    }

    @Override
    public String describe() {
        return "TensorRT " + tensorrt + ": ONNX opsets " + opsetRange() + "; " + supported.size() + " operators supported, "
                + unsupported.size() + " not" + (restrictions.isEmpty() ? "" : ", " + restrictions.size() + " with restrictions");
    }
}
