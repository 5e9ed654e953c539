package dev.gpudoctor.host.live;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.CommandResult;
import dev.gpudoctor.host.LibraryAnswer;
import dev.gpudoctor.host.bundle.BundleManifest;
import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Loads library copies in a child JVM: a copy whose initialisation crashes (a constructor that
 * segfaults against the wrong driver) kills the child, not the report. The child prints one JSON
 * line per copy as soon as it is answered, so a crash names the copy that caused it and the rest
 * is asked again in a fresh child.
 */
public final class LibraryWorker {

    private static final TypeReference<Map<String, BundleManifest.Answer<LibraryAnswer>>> LINE = new TypeReference<>() {
    };

    private LibraryWorker() {
    }

    /** The child's entry: args are the deadline in milliseconds, then the paths. */
    public static void main(String[] args) {
        Duration deadline = Duration.ofMillis(Long.parseLong(args[0]));
        JnaNativeLibraries direct = JnaNativeLibraries.bySoname();
        for (int i = 1; i < args.length; i++) {
            Fact<LibraryAnswer> f = direct.askLibrary(args[i], deadline);
            try {
                System.out.println(Json.mapper().writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(Map.of(args[i], BundleManifest.Answer.of(f))));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                System.out.println("{}");
            }
            System.out.flush();
        }
    }

    /** Asks every path through child JVMs; bounded by the deadline per copy plus the child's start. */
    static Map<String, Fact<LibraryAnswer>> ask(ChildJvm child, List<String> paths, Duration deadlineEach) {
        Map<String, Fact<LibraryAnswer>> out = new LinkedHashMap<>();
        List<String> left = new ArrayList<>(paths);
        while (!left.isEmpty()) {
            List<String> args = new ArrayList<>();
            args.add(String.valueOf(deadlineEach.toMillis()));
            args.addAll(left);
            CommandResult r = child.run(LibraryWorker.class, args,
                    deadlineEach.multipliedBy(left.size()).plus(Duration.ofSeconds(10)));
            for (String line : r.stdout() == null ? new String[0] : r.stdout().split("\n")) {
                try {
                    Json.mapper().readValue(line, LINE).forEach((p, a) -> out.put(p, a.toFact()));
                } catch (IOException e) {
                    // Not an answer line (a library printing on stdout): ignore it.
                }
            }
            left.removeIf(out::containsKey);
            if (left.isEmpty()) {
                break;
            }
            // The first unanswered copy is the one the child was loading when it died or hung.
            String culprit = left.remove(0);
            out.put(culprit, Fact.failed(r.outcome() == CommandResult.Outcome.TIMED_OUT
                    ? "loading it did not finish within " + deadlineEach.toMillis() + " ms"
                    : "loading it killed the process that loaded it ("
                    + (r.exitCode() == null ? r.why() : "exit code " + r.exitCode() + signal(r.exitCode())) + ")",
                    r.evidence()));
        }
        return out;
    }

    private static String signal(int exit) {
        return exit > 128 ? ", signal " + (exit - 128) : "";
    }
}
