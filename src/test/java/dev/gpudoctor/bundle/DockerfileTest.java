package dev.gpudoctor.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * docker/Dockerfile, linted by its structure (no Docker engine runs where the tests run): what it
 * copies exists, the build stage makes the bundle, the final stage has no JDK and runs the bundle.
 */
class DockerfileTest {

    private static final Path DOCKERFILE = Path.of("docker/Dockerfile");

    /** One stage: its FROM image and its instructions, continuation lines joined. */
    record Stage(String image, String name, List<String> instructions) {
    }

    @Test
    void everyCopyFromTheContextNamesSomethingInTheRepository() throws IOException {
        List<Stage> stages = stages();
        for (Stage s : stages) {
            for (String i : s.instructions()) {
                List<String> args = words(i);
                if (!args.get(0).equals("COPY") || args.stream().anyMatch(a -> a.startsWith("--from="))) {
                    continue;
                }
                List<String> sources = args.subList(1, args.size() - 1).stream().filter(a -> !a.startsWith("--")).toList();
                assertThat(sources).as(i).isNotEmpty();
                for (String src : sources) {
                    assertThat(Path.of(src)).as("%s (build context: the repository root)", i).exists();
                    assertThat(ignored()).as("%s is excluded by .dockerignore", src).doesNotContain(src, src + "/");
                }
            }
        }
    }

    @Test
    void theBuildStageCopiesWhatTheBuildReads() throws IOException {
        Stage build = stages().get(0);
        List<String> copied = build.instructions().stream().filter(i -> i.startsWith("COPY ")).map(i -> words(i).get(1)).toList();
        // pom.xml takes compat-matrix/ into the jar as resources; src/ holds the code, the bundle
        // scripts (src/bundle) and the capture that trains the class-data archive (src/test/resources).
        assertThat(copied).contains("pom.xml", "compat-matrix", "src");
        assertThat(String.join("\n", build.instructions())).contains("-Dgpu-doctor.bundle.require=true")
                .contains("linux-x86_64.tar.gz");
    }

    @Test
    void theFinalStageRunsTheBundleOnASlimBaseWithoutAJdk() throws IOException {
        List<Stage> stages = stages();
        assertThat(stages).hasSizeGreaterThanOrEqualTo(2);
        Stage last = stages.get(stages.size() - 1);
        String image = last.image().toLowerCase(Locale.ROOT);
        assertThat(image).doesNotContain("jdk", "jre", "maven", "temurin", "openjdk", "java", "graalvm");
        assertThat(image).contains("slim");
        String body = String.join("\n", last.instructions()).toLowerCase(Locale.ROOT);
        assertThat(body).doesNotContain("openjdk", "default-jdk", "default-jre", "apt-get install");
        assertThat(last.instructions()).anySatisfy(i -> assertThat(i).startsWith("COPY --from=" + stages.get(0).name() + " "));
        String entrypoint = last.instructions().stream().filter(i -> i.startsWith("ENTRYPOINT")).findFirst().orElseThrow();
        assertThat(entrypoint).contains("/opt/gpu-doctor/bin/gpu-doctor");
        // The launcher the entry point names is the bundle's, which the final stage copies whole.
        assertThat(Path.of("src/bundle/gpu-doctor")).isRegularFile();
    }

    private static List<Stage> stages() throws IOException {
        List<Stage> out = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String raw : Files.readAllLines(DOCKERFILE)) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            String instruction = pending.append(line).toString().strip();
            pending.setLength(0);
            if (instruction.startsWith("FROM ")) {
                List<String> w = words(instruction);
                String name = w.size() >= 4 && w.get(2).equalsIgnoreCase("AS") ? w.get(3) : "";
                out.add(new Stage(w.get(1), name, new ArrayList<>()));
            } else if (!out.isEmpty()) {
                out.get(out.size() - 1).instructions().add(instruction);
            }
        }
        return out;
    }

    private static List<String> ignored() throws IOException {
        Path ignore = Path.of(".dockerignore");
        return Files.isRegularFile(ignore)
                ? Files.readAllLines(ignore).stream().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()
                : List.of();
    }

    private static List<String> words(String instruction) {
        return Arrays.asList(instruction.trim().split("\\s+"));
    }
}
