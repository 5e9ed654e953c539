package dev.gpudoctor.matrix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Loads the compatibility matrix: the copy bundled in the jar, or a folder given with --matrix.
 * Each file is parsed with line numbers, validated against its JSON Schema, checked for undefined
 * sources and doubled facts, then read into the typed model. Every problem of every file is
 * reported at once, each with file, line and field.
 */
public final class MatrixLoader {

    /** Where the bundled copy lives on the class path, and how its files are named in messages. */
    static final String BUNDLED = "compat-matrix/";

    /** Reads one matrix file by name; empty when the file does not exist. */
    private interface FileSource {
        Optional<String> read(String name) throws IOException;

        String display(String name);
    }

    /** The matrix this gpu-doctor was released with, fully checked (matrix validate). */
    public static Matrix bundled() throws MatrixException {
        return load("bundled", BUNDLED_SOURCE, List.of(), true);
    }

    /**
     * The bundled matrix for a check: its schemas were already enforced when the jar was built
     * (BundledMatrixTest fails the build otherwise), and enforcing them again would cost about a
     * second of every check. The model reader still refuses anything it cannot read.
     */
    public static Matrix bundledPrevalidated() throws MatrixException {
        return load("bundled", BUNDLED_SOURCE, List.of(), false);
    }

    /** The bundled matrix's matrix.yaml alone: its format and the date of its data (for --version). */
    public static MatrixIndex bundledIndex() throws MatrixException {
        List<Problem> problems = new ArrayList<>();
        YamlDocument index = checked(BUNDLED_SOURCE, Subject.INDEX_FILE, "matrix", null, problems, false);
        if (!problems.isEmpty()) {
            throw new MatrixException(problems);
        }
        Node top = Node.root(index);
        return new MatrixIndex(top.child("schemaVersion").asInt(), top.text("matrixVersion"));
    }

    private static final FileSource BUNDLED_SOURCE = new FileSource() {
            @Override
            public Optional<String> read(String name) throws IOException {
                try (InputStream in = MatrixLoader.class.getClassLoader().getResourceAsStream(BUNDLED + name)) {
                    return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }

            @Override
            public String display(String name) {
                return BUNDLED + name;
            }
        };

    /**
     * The bundled matrix's version (matrix.yaml's matrixVersion), read without loading the rest:
     * whether an installed matrix is newer is asked on every check.
     */
    public static String bundledMatrixVersion() throws MatrixException {
        try {
            String index = BUNDLED_SOURCE.read(Subject.INDEX_FILE).orElse("");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^matrixVersion:\\s*\"?([0-9-]+)\"?").matcher(index);
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException e) {
            throw new MatrixException(new Problem(BUNDLED + Subject.INDEX_FILE, 0, "", "unreadable: " + e.getMessage()));
        }
        throw new MatrixException(new Problem(BUNDLED + Subject.INDEX_FILE, 0, "matrixVersion", "missing"));
    }

    /** A matrix folder (a checkout of compat-matrix/, or one edited locally). */
    public static Matrix fromDirectory(Path dir) throws MatrixException {
        return fromDirectory(dir, true);
    }

    /**
     * An installed matrix (matrix update), whose schemas were enforced when it was installed: like
     * the bundled copy, a check does not pay for them again.
     */
    public static Matrix fromDirectoryPrevalidated(Path dir) throws MatrixException {
        return fromDirectory(dir, false);
    }

    private static Matrix fromDirectory(Path dir, boolean schemas) throws MatrixException {
        if (!Files.isDirectory(dir)) {
            throw new MatrixException(new Problem(dir.toString(), 0, "", "not a folder"));
        }
        return load(dir.toString(), new FileSource() {
            @Override
            public Optional<String> read(String name) throws IOException {
                Path f = dir.resolve(name);
                return Files.isRegularFile(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
            }

            @Override
            public String display(String name) {
                return dir.resolve(name).toString();
            }
        }, unknownFiles(dir), schemas);
    }

    /** A YAML file that is no subject would be silently ignored, hiding whatever it was meant to add. */
    private static List<Problem> unknownFiles(Path dir) throws MatrixException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml") || n.endsWith(".yml"))
                    .filter(n -> !n.equals(Subject.INDEX_FILE)
                            && Subject.byId(n.replaceFirst("\\.ya?ml$", "")).filter(s -> s.fileName().equals(n)).isEmpty())
                    .sorted()
                    .map(n -> new Problem(dir.resolve(n).toString(), 0, "", "not a matrix subject this gpu-doctor reads"
                            + " (subjects: matrix.yaml and " + String.join(", ", Stream.of(Subject.values())
                                    .map(Subject::fileName).toList()) + ")"))
                    .toList();
        } catch (IOException e) {
            throw new MatrixException(new Problem(dir.toString(), 0, "", "cannot list: " + e.getMessage()));
        }
    }

    private static Matrix load(String origin, FileSource source, List<Problem> earlier, boolean schemas)
            throws MatrixException {
        List<Problem> problems = new ArrayList<>(earlier);
        YamlDocument index = checked(source, Subject.INDEX_FILE, "matrix", null, problems, schemas);
        Map<Subject, YamlDocument> docs = new EnumMap<>(Subject.class);
        for (Subject s : Subject.values()) {
            YamlDocument d = checked(source, s.fileName(), s.id(), s, problems, schemas);
            if (d != null) {
                docs.put(s, d);
            }
        }
        if (!problems.isEmpty()) {
            throw new MatrixException(problems);
        }
        return ModelReader.read(origin, index, docs);
    }

    /** Parses and checks one file; its problems go to the list, and null comes back if there were any. */
    private static YamlDocument checked(FileSource source, String name, String schema, Subject subject,
            List<Problem> problems, boolean schemas) {
        String display = source.display(name);
        Optional<String> text;
        try {
            text = source.read(name);
        } catch (IOException e) {
            problems.add(new Problem(display, 0, "", "cannot read: " + e.getMessage()));
            return null;
        }
        if (text.isEmpty()) {
            problems.add(new Problem(display, 0, "", "missing: every matrix has this file"));
            return null;
        }
        return checked(display, text.get(), schema, subject, problems, schemas);
    }

    /** One file's text parsed and checked, as load() does it (MatrixFuzzTest feeds it hostile text). */
    static YamlDocument checked(String display, String text, String schema, Subject subject, List<Problem> problems,
            boolean schemas) {
        YamlDocument doc;
        try {
            doc = YamlDocument.parse(display, text);
        } catch (MatrixException e) {
            problems.addAll(e.problems());
            return null;
        }
        List<Problem> found = new ArrayList<>(schemas ? SchemaCheck.check(doc, schema) : List.of());
        if (subject != null && schemas) {
            found.addAll(ReferenceCheck.check(doc, subject));
        }
        found.sort(Comparator.comparingInt(Problem::line).thenComparing(Problem::field));
        problems.addAll(found);
        return found.isEmpty() ? doc : null;
    }

    private MatrixLoader() {
    }
}
