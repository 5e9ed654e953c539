package dev.gpudoctor.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import dev.gpudoctor.testing.fuzz.TreeMutator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile or broken matrix file (--matrix DIR is edited by hand) never crashes the loader: it
 * loads, or it is refused with problems that each name the file and a line. The files are those of
 * compat-matrix/, mutated as bytes and as YAML trees (so that many get past the YAML parser to the
 * schema, the source references and the model).
 */
class MatrixFuzzTest {

    private static final Path MATRIX = Path.of(System.getProperty("basedir", "."), "compat-matrix");
    private static final List<String> NAMES = new ArrayList<>();
    private static final Map<String, byte[]> TEXTS = new java.util.HashMap<>();
    private static final Map<Subject, YamlDocument> CHECKED = new EnumMap<>(Subject.class);
    private static YamlDocument index;

    @BeforeAll
    static void readTheRealMatrix() throws IOException {
        NAMES.add(Subject.INDEX_FILE);
        for (Subject s : Subject.values()) {
            NAMES.add(s.fileName());
        }
        for (String n : NAMES) {
            TEXTS.put(n, Files.readAllBytes(MATRIX.resolve(n)));
        }
        List<Problem> problems = new ArrayList<>();
        index = MatrixLoader.checked(Subject.INDEX_FILE, text(Subject.INDEX_FILE), "matrix", null, problems, true);
        for (Subject s : Subject.values()) {
            CHECKED.put(s, MatrixLoader.checked(s.fileName(), text(s.fileName()), s.id(), s, problems, true));
        }
        assertThat(problems).as("the real matrix is valid").isEmpty();
    }

    private static String text(String name) {
        return new String(TEXTS.get(name), StandardCharsets.UTF_8);
    }

    /** Input: a header line naming the file, then its mutated text. */
    private static Fuzz.Generator oneMutatedFile() {
        Map<String, Fuzz.Generator> perFile = new java.util.HashMap<>();
        for (String n : NAMES) {
            perFile.put(n, new TreeMutator(new YAMLMapper(), List.of(TEXTS.get(n))));
        }
        return (Random r) -> {
            String name = NAMES.get(r.nextInt(NAMES.size()));
            byte[] body = perFile.get(name).next(r);
            byte[] head = (name + "\n").getBytes(StandardCharsets.UTF_8);
            byte[] in = new byte[head.length + body.length];
            System.arraycopy(head, 0, in, 0, head.length);
            System.arraycopy(body, 0, in, head.length, body.length);
            return in;
        };
    }

    /**
     * Each file as the loader checks it (YAML with lines, schema, source references), then the whole
     * model read with the other files as they are: what MatrixLoader.load does, without parsing the
     * 13 unchanged files again for every input.
     */
    @Test
    void oneFileMutatedAmongTheRealOnes() {
        var s = Fuzz.run("MatrixLoader", oneMutatedFile(), in -> {
            String all = Fuzz.text(in);
            int nl = all.indexOf('\n');
            String name = nl < 0 ? "" : all.substring(0, nl);
            if (!NAMES.contains(name)) {
                return "no file"; // a shrunk input that lost its header
            }
            String display = "fuzz/" + name;
            Subject subject = Subject.INDEX_FILE.equals(name) ? null
                    : java.util.Arrays.stream(Subject.values()).filter(x -> x.fileName().equals(name)).findFirst().orElseThrow();
            List<Problem> problems = new ArrayList<>();
            YamlDocument doc = MatrixLoader.checked(display, all.substring(nl + 1), subject == null ? "matrix" : subject.id(),
                    subject, problems, true);
            if (doc == null) {
                located(problems, display);
                return "refused";
            }
            assertThat(problems).isEmpty();
            Map<Subject, YamlDocument> docs = new EnumMap<>(CHECKED);
            if (subject != null) {
                docs.put(subject, doc);
            }
            try {
                ModelReader.read("fuzz", subject == null ? doc : index, docs);
                return "loaded";
            } catch (MatrixException e) {
                located(e.problems(), null);
                return "refused by the model";
            }
        });
        assertThat(s.count("refused")).isPositive();
        assertThat(s.count("loaded")).as("inputs that get through").isPositive();
    }

    /** Every problem names a file (the mutated one where known) and says what is wrong. */
    private static void located(List<Problem> problems, String file) {
        if (problems.isEmpty()) {
            throw new AssertionError("refused without a problem");
        }
        for (Problem p : problems) {
            if (file != null && !p.file().equals(file)) {
                throw new AssertionError("problem in another file: " + p);
            }
            if (p.file().isBlank() || p.message() == null || p.message().isBlank() || p.line() < 0) {
                throw new AssertionError("problem without file, line or message: " + p);
            }
        }
    }

    @TempDir
    Path tmp;

    /**
     * The public entry, on a copy of compat-matrix/ in a folder with one file mutated: fewer inputs,
     * since each loads all 14 files (25 to 100 ms); the property above carries the numbers.
     */
    @Test
    void copyOfTheMatrixFolderWithOneFileMutated() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("compat-matrix"));
        for (String n : NAMES) {
            Files.write(dir.resolve(n), TEXTS.get(n));
        }
        Fuzz.Generator gen = oneMutatedFile();
        var s = Fuzz.run("MatrixLoader.fromDirectory", 100, Duration.ofSeconds(10), gen, in -> {
            String all = new String(in, StandardCharsets.ISO_8859_1);
            int nl = all.indexOf('\n');
            String name = nl < 0 ? "" : all.substring(0, nl);
            if (!NAMES.contains(name)) {
                return "no file";
            }
            Path file = dir.resolve(name);
            Files.write(file, java.util.Arrays.copyOfRange(in, nl + 1, in.length));
            try {
                MatrixLoader.fromDirectory(dir);
                return "loaded";
            } catch (MatrixException e) {
                located(e.problems(), null);
                return "refused";
            } finally {
                Files.write(file, TEXTS.get(name));
            }
        });
        assertThat(s.count("refused")).isPositive();
    }
}
