package dev.gpudoctor.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpudoctor.matrix.Matrix;
import dev.gpudoctor.matrix.MatrixLoader;
import dev.gpudoctor.model.onnx.OnnxReader;
import dev.gpudoctor.model.onnx.OnnxWriter;
import dev.gpudoctor.model.tf.TfReader;
import dev.gpudoctor.model.tf.TfWriter;
import dev.gpudoctor.testing.fuzz.Fuzz;
import dev.gpudoctor.testing.fuzz.Mutator;
import java.io.RandomAccessFile;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile model files: real ONNX, GraphDef and SavedModel files truncated, flipped, spliced and
 * random, fed to each reader and to model inspect's whole path. Each ends as a model or as a refusal
 * that names the file in one clean line, within the time bound, never allocating much more than
 * the file holds (a length field believed would allocate gigabytes).
 */
class ModelReadersFuzzTest {

    @TempDir
    Path tmp;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static List<byte[]> seeds() throws Exception {
        return List.of(OnnxWriter.write(ModelFixtures.detector()), OnnxWriter.write(ModelFixtures.external("w.bin")),
                TfWriter.graphDef(ModelFixtures.frozenGraphNodes()),
                Files.readAllBytes(ModelFixtures.writeSavedModel(Files.createTempDirectory("seed")).resolve("saved_model.pb")));
    }

    interface Read {
        void apply(byte[] in) throws ModelFileException;
    }

    /** The readers: at most 8 bytes allocated per byte read (plus 2 MiB). */
    static String outcome(byte[] in, String name, Read read) {
        return outcome(in, name, 8, read);
    }

    static String outcome(byte[] in, String name, int bytesPerByte, Read read) {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        String outcome;
        try {
            read.apply(in);
            outcome = "read";
        } catch (ModelFileException e) {
            clear(e.getMessage(), name);
            outcome = "refused";
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > (long) bytesPerByte * in.length + (2 << 20)) {
            throw new AssertionError("allocated " + allocated + " bytes to read " + in.length);
        }
        return outcome;
    }

    /** One line naming the file, bounded, without control characters (hostile names are echoed shortened). */
    static void clear(String message, String name) {
        if (message == null || !message.startsWith(name)) {
            throw new AssertionError("a refusal names the file first: " + message);
        }
        if (message.length() > 700) {
            throw new AssertionError("refusal of " + message.length() + " characters: " + message.substring(0, 200));
        }
        if (message.chars().anyMatch(Character::isISOControl)) {
            throw new AssertionError("control character in: " + message);
        }
    }

    @Test
    void onnxReader() throws Exception {
        var s = Fuzz.run("OnnxReader", new Mutator(seeds()), in -> outcome(in, "fuzz.onnx",
                b -> OnnxReader.read(b, "fuzz.onnx", true)));
        assertThat(s.count("read")).isPositive();
        assertThat(s.count("refused")).isPositive();
    }

    @Test
    void graphDefReader() throws Exception {
        var s = Fuzz.run("TfReader.graphDef", new Mutator(seeds()), in -> outcome(in, "fuzz.pb",
                b -> TfReader.readGraphDef(b, "fuzz.pb")));
        assertThat(s.count("read")).isPositive();
        assertThat(s.count("refused")).isPositive();
    }

    @Test
    void savedModelReader() throws Exception {
        var s = Fuzz.run("TfReader.savedModel", new Mutator(seeds()), in -> outcome(in, "saved_model.pb",
                b -> TfReader.readSavedModel(b, "saved_model.pb")));
        assertThat(s.count("read")).isPositive();
        assertThat(s.count("refused")).isPositive();
    }

    /**
     * model inspect's whole path on a file: identification, the reader its content calls for, the
     * summaries and the tf2onnx command. Fewer inputs: each is a file rewritten in place.
     */
    @Test
    void inspectOfAFile() throws Exception {
        Matrix matrix = MatrixLoader.bundled();
        Path file = tmp.resolve("model.bin");
        try (RandomAccessFile out = new RandomAccessFile(file.toFile(), "rw")) {
            var s = Fuzz.run("ModelInspector", Fuzz.TRIES / 5, Fuzz.PER_TRY, new Mutator(seeds()), in -> {
                out.seek(0);
                out.write(in);
                out.setLength(in.length);
                // The whole inspection keeps a line per graph input (name:0, dtype, shape) and the converter
                // command: measured 29-37 bytes allocated per byte of a GraphDef of bare Placeholders, the
                // same ratio for 500 and 8,000 of them; linear, so 64 still catches a quadratic path.
                return outcome(in, file.toString(), 64, b -> ModelInspector.inspect(file, matrix, Optional.empty()));
            });
            assertThat(s.count("read")).isPositive();
            assertThat(s.count("refused")).isPositive();
        }
    }
}
