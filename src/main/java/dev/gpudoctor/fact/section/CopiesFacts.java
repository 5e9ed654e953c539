package dev.gpudoctor.fact.section;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.host.LibraryAnswer;
import java.util.ArrayList;
import java.util.List;

/**
 * Each copy of a CUDA library on the host, loaded and asked its own version: a copy whose file name
 * says 9.19 may answer 9.14, and a copy that does not load names the dependency it misses.
 */
public record CopiesFacts(Fact<List<Answer>> copies) implements Section {

    /**
     * One copy and what it said.
     *
     * @param path       the file
     * @param resolvedBy frameworks whose dynamic linking resolves to this copy ("torch (libcudnn.so.9)")
     * @param foundAs    other reasons it was asked ("toolkit /usr/local/cuda-13.0", "cuDNN library install")
     * @param load       its own answer, or why it does not load
     */
    public record Answer(String path, List<String> resolvedBy, List<String> foundAs, Fact<LibraryAnswer> load) {
        public Answer {
            resolvedBy = List.copyOf(resolvedBy);
            foundAs = List.copyOf(foundAs);
        }

        /** A copy that a framework will load but that cannot be loaded: the framework fails too. */
        boolean brokenForAFramework() {
            return !resolvedBy.isEmpty() && load.status() == Status.FAILED;
        }
    }

    @Override
    public List<AreaLine> summarize() {
        if (!copies.isFound()) {
            // Not asked for (no --deep): nothing to say in the summary; the JSON keeps why.
            return copies.why() != null && copies.why().startsWith("not asked") ? List.of()
                    : List.of(AreaLine.info("Library copies", copies.describe(x -> ""), List.of()));
        }
        List<String> d = new ArrayList<>();
        List<String> broken = new ArrayList<>();
        int answered = 0;
        for (Answer a : copies.value()) {
            List<String> why = new ArrayList<>(a.resolvedBy().stream().map(f -> "loaded by " + f).toList());
            why.addAll(a.foundAs());
            d.add(a.path() + ": " + a.load().describe(l -> l.kind() + " " + l.version()
                    + (l.rawVersion() == null ? "" : " (" + l.rawVersion() + ")"))
                    + (why.isEmpty() ? "" : " [" + String.join("; ", why) + "]") + Sources.of(a.load()));
            if (a.load().isFound()) {
                answered++;
            }
            if (a.brokenForAFramework()) {
                broken.add(a.path() + ": " + a.load().why());
            }
        }
        int total = copies.value().size();
        if (total == 0) {
            return List.of(AreaLine.info("Library copies", "no CUDA library copy to ask", d));
        }
        if (!broken.isEmpty()) {
            return List.of(AreaLine.problem("Library copies", broken.size() + " copy(ies) that a framework loads "
                    + "do not load: " + String.join("; ", broken), d));
        }
        String head = answered + " of " + total + " copies load and say their version";
        return List.of(answered == total ? AreaLine.ok("Library copies", head, d) : AreaLine.info("Library copies", head, d));
    }
}
