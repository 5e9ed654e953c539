package dev.gpudoctor.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broken copy of the real matrix fails with the file, line and field of each problem. */
class MatrixErrorsTest {

    @TempDir
    Path dir;

    @BeforeEach
    void copyTheRealMatrix() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("compat-matrix"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    void anUnchangedCopyLoads() throws MatrixException {
        Matrix m = MatrixLoader.fromDirectory(dir);
        assertThat(m.info().origin()).isEqualTo(dir.toString());
        assertThat(m.cudaToolkits().get(0).citation().file()).isEqualTo(dir.resolve("cuda-toolkit.yaml").toString());
    }

    @Test
    void anEntryWithoutSourceFailsWithFileLineAndField() throws IOException {
        // entries[3] of cuda-toolkit.yaml is 11.0.1; drop its source line.
        int line = lineOf("cuda-toolkit.yaml", "  - version: \"11.0.1\"");
        edit("cuda-toolkit.yaml", "    minDriver: {linux: \"450.36.06\", windows: \"451.22\"}\n    source: rn-13.2.2\n",
                "    minDriver: {linux: \"450.36.06\", windows: \"451.22\"}\n");
        assertThat(problems()).containsExactly(file("cuda-toolkit.yaml") + " line " + line + ": entries[3].source: missing");
    }

    @Test
    void anItemOfAFactSectionWithoutSourceFails() throws IOException {
        int line = lineOf("driver-branches.yaml", "  - architecture: Kepler");
        edit("driver-branches.yaml", "    lastBranch: \"470\"\n    source: arch-matrix\n", "    lastBranch: \"470\"\n");
        assertThat(problems()).containsExactly(
                file("driver-branches.yaml") + " line " + line + ": lastBranchPerArchitecture[1].source: missing");
    }

    @Test
    void aSourceNamingAnUndefinedKeyFails() throws IOException {
        edit("cuda-toolkit.yaml", "    minDriver: {linux: \"450.36.06\", windows: \"451.22\"}\n    source: rn-13.2.2\n",
                "    minDriver: {linux: \"450.36.06\", windows: \"451.22\"}\n    source: rn-13.9.9\n");
        int line = lineOf("cuda-toolkit.yaml", "    source: rn-13.9.9");
        assertThat(problems()).containsExactly(file("cuda-toolkit.yaml") + " line " + line
                + ": entries[3].source: 'rn-13.9.9' is neither a URL nor a key of sources:");
    }

    @Test
    void badYamlFailsWithFileAndLine() throws IOException {
        edit("tensorflow.yaml", "    cuda: \"12.5\"\n", "    cuda: [\"12.5\"\n");
        int line = lineOf("tensorflow.yaml", "    cuda: [\"12.5\"");
        List<String> p = problems();
        assertThat(p).hasSize(1);
        assertThat(p.get(0)).isEqualTo(file("tensorflow.yaml") + " line " + line + ": not valid YAML: while parsing a flow sequence:"
                + " expected ',' or ']', but got <scalar>");
    }

    @Test
    void aYamlNumberWhereAVersionIsRequiredFails() throws IOException {
        edit("cuda-toolkit.yaml", "  - version: \"12.1.0\"\n", "  - version: 12.10\n");
        int line = lineOf("cuda-toolkit.yaml", "  - version: 12.10");
        assertThat(problems()).containsExactly(file("cuda-toolkit.yaml") + " line " + line
                + ": entries[29].version: a YAML number (12.10) where a version string is required: quote it, \"12.10\""
                + " (unquoted, 12.10 would be read as 12.1)");
    }

    @Test
    void aStringThatIsNotADottedVersionFails() throws IOException {
        edit("tensorflow.yaml", "    cudnn: \"9.3\"\n", "    cudnn: \"9.3a\"\n");
        int line = lineOf("tensorflow.yaml", "    cudnn: \"9.3a\"");
        assertThat(problems()).containsExactly(file("tensorflow.yaml") + " line " + line
                + ": entries[0].cudnn: '9.3a' is not a dotted version (digits and dots, like \"12.4\" or \"550.54.15\")");
    }

    @Test
    void schemaViolationsFailWithFileLineAndField() throws IOException {
        edit("gpus.yaml", "    class: datacenter\n    source: cuda-gpus\n    idsSource: pciids\n    note: \"pci.ids: 'GB110 [GB300]'",
                "    class: datacentre\n    sorce: cuda-gpus\n    idsSource: pciids\n    note: \"pci.ids: 'GB110 [GB300]'");
        int classLine = lineOf("gpus.yaml", "    class: datacentre");
        int entryLine = lineOf("gpus.yaml", "  - name: \"NVIDIA GB300\"");
        assertThat(problems()).containsExactly(
                file("gpus.yaml") + " line " + entryLine + ": entries[0].source: missing",
                file("gpus.yaml") + " line " + classLine + ": entries[0].class: does not have a value in the enumeration"
                        + " [\"datacenter\", \"workstation\", \"embedded\", \"consumer\"]",
                file("gpus.yaml") + " line " + (classLine + 1) + ": entries[0].sorce: not a field of this file's schema (a typo?)");
    }

    @Test
    void aFactWrittenTwiceFails() throws IOException {
        String entry = "  - branch: \"410\"\n    cudaCeiling: \"10.0\"\n    source: rn-13.2.2\n";
        edit("driver-branches.yaml", entry, entry + entry.replace("10.0", "10.1"));
        int second = lineOf("driver-branches.yaml", "    cudaCeiling: \"10.1\"") - 1;
        assertThat(problems()).hasSize(1).first().asString().startsWith(file("driver-branches.yaml") + " line " + second
                + ": entries[1]: the same branch as entries[0] (line " + (second - 3) + ")");
    }

    @Test
    void aKeyGivenTwiceFails() throws IOException {
        edit("tensorflow.yaml", "    cuda: \"12.5\"\n", "    cuda: \"12.5\"\n    cuda: \"12.6\"\n");
        int line = lineOf("tensorflow.yaml", "    cuda: \"12.6\"");
        assertThat(problems()).containsExactly(file("tensorflow.yaml") + " line " + line
                + ": entries[0].cuda: key given twice in the same mapping");
    }

    @Test
    void aGpuPatternThatIsNotARegexFails() throws IOException {
        edit("gpus.yaml", "match: ['\\bGB300\\b']", "match: ['\\bGB300(']");
        int line = lineOf("gpus.yaml", "    match: ['\\bGB300(']");
        assertThat(problems()).hasSize(1).first().asString()
                .startsWith(file("gpus.yaml") + " line " + line + ": entries[0].match[0]: not a Java regular expression");
    }

    /**
     * A known-bad condition written as prose or with a typo would silently never match: the 2.7 cu128
     * entry with the components' bare "2.7" and the CUDA 13 entry with "<7.x" fail load, each at its line.
     */
    @Test
    void aKnownBadConstraintThatIsNotAConstraintFails() throws IOException {
        edit("known-bad.yaml", "{torch: \"==2.7\", torchCuda: [cu128]", "{torch: \"2.7\", torchCuda: [cu128]");
        edit("known-bad.yaml", "{torch: \">=2.9\", torchCuda: [cu130, cu132], computeCapability: \"<7.5\"}",
                "{torch: \">=2.9\", torchCuda: [cu130, cu132], computeCapability: \"<7.x\"}");
        int first = lineOf("known-bad.yaml", "      - {torch: \"2.7\", torchCuda: [cu128], computeCapability: \"<7.5\"}");
        int second = lineOf("known-bad.yaml",
                "      - {torch: \">=2.9\", torchCuda: [cu130, cu132], computeCapability: \"<7.x\"}");
        String grammar = " is not a version constraint (OP VERSION, several joined by commas, like \">=2.9\" or"
                + " \">=0.4.30,<0.6.0\"; OP one of >=, <=, ==, !=, >, <)";
        assertThat(problems()).containsExactly(
                file("known-bad.yaml") + " line " + first + ": entries[1].affects[0].torch: '2.7'" + grammar,
                file("known-bad.yaml") + " line " + second + ": entries[4].affects[0].computeCapability: '<7.x'" + grammar);
    }

    /** A misspelt key (torchcuda) or a distribution the Python probe does not keep (numpy) could never hold. */
    @Test
    void aKnownBadConditionOnAFactThatIsNotReadFails() throws IOException {
        edit("known-bad.yaml", "{torch: \"==2.7\", torchCuda: [cu128]", "{torch: \"==2.7\", torchcuda: [cu128]");
        int typo = lineOf("known-bad.yaml", "      - {torch: \"==2.7\", torchcuda: [cu128], computeCapability: \"<7.5\"}");
        assertThat(problems()).containsExactly(file("known-bad.yaml") + " line " + typo
                + ": entries[1].affects[0].torchcuda: not a field of this file's schema (a typo?)");

        copyTheRealMatrix();
        edit("known-bad.yaml", "{packages: {jax-cuda13-plugin: \">=0\"}, driver: \"<580\"}",
                "{packages: {numpy: \">=2\"}, driver: \"<580\"}");
        int numpy = lineOf("known-bad.yaml", "      - {packages: {numpy: \">=2\"}, driver: \"<580\"}");
        assertThat(problems()).hasSize(1).first().asString().startsWith(file("known-bad.yaml") + " line " + numpy
                + ": entries[8].affects[0].packages.numpy: 'numpy' is not a distribution gpu-doctor reads");
    }

    /** severity is about the finding of a match, so a prose-only entry cannot have one. */
    @Test
    void aKnownBadSeverityWithoutAffectsFails() throws IOException {
        edit("known-bad.yaml", "    source: https://github.com/pytorch/pytorch/issues/80637\n",
                "    source: https://github.com/pytorch/pytorch/issues/80637\n    severity: error\n");
        int entry = lineOf("known-bad.yaml", "  - id: pytorch-pip-system-cudnn-on-ld-library-path");
        assertThat(problems()).hasSize(1).first().asString()
                .startsWith(file("known-bad.yaml") + " line " + entry + ": entries[0]").contains("affects");
    }

    @Test
    void missingAndUnknownFilesFail() throws IOException {
        Files.delete(dir.resolve("jax.yaml"));
        Files.writeString(dir.resolve("cudnn-old.yaml"), "schemaVersion: 1\n");
        List<String> p = problems();
        assertThat(p).hasSize(2);
        assertThat(p.get(0)).startsWith(file("cudnn-old.yaml") + ": not a matrix subject this gpu-doctor reads");
        assertThat(p.get(1)).isEqualTo(file("jax.yaml") + ": missing: every matrix has this file");
    }

    @Test
    void everyBrokenFileIsReportedAtOnce() throws IOException {
        edit("tensorflow.yaml", "    cudnn: \"9.3\"\n", "    cudnn: 9.3\n");
        edit("known-bad.yaml", "    source: https://github.com/pytorch/pytorch/issues/80637\n", "");
        assertThat(problems()).hasSize(2).anySatisfy(s -> assertThat(s).startsWith(file("tensorflow.yaml")))
                .anySatisfy(s -> assertThat(s).startsWith(file("known-bad.yaml")).endsWith("entries[0].source: missing"));
    }

    @Test
    void aMissingFolderFails() {
        assertThatThrownBy(() -> MatrixLoader.fromDirectory(dir.resolve("nope")))
                .isInstanceOf(MatrixException.class).hasMessage(dir.resolve("nope") + ": not a folder");
    }

    private List<String> problems() {
        try {
            MatrixLoader.fromDirectory(dir);
        } catch (MatrixException e) {
            assertThat(e.getMessage().lines().toList()).isEqualTo(e.problems().stream().map(Problem::toString).toList());
            return e.problems().stream().map(Problem::toString).toList();
        }
        throw new AssertionError("the broken matrix loaded");
    }

    private String file(String name) {
        return dir.resolve(name).toString();
    }

    private void edit(String name, String from, String to) throws IOException {
        Path f = dir.resolve(name);
        String text = Files.readString(f);
        assertThat(text).as(name + " holds the text to edit").contains(from);
        Files.writeString(f, text.replaceFirst(java.util.regex.Pattern.quote(from),
                java.util.regex.Matcher.quoteReplacement(to)));
    }

    private int lineOf(String name, String line) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(name));
        int i = lines.indexOf(line);
        assertThat(i).as(name + " has the line " + line).isNotNegative();
        return i + 1;
    }

    /** Found by MatrixFuzzTest: the doubled-fact check read a mapping where the list belongs, and threw. */
    @Test
    void aMappingWhereAListBelongsIsAProblemNotACrash() throws IOException {
        edit("cuda-toolkit.yaml", "minorVersionCompatibility:\n", "minorVersionCompatibility: {a: 1}\nformerMinorVersionCompatibility:\n");
        assertThat(problems()).anyMatch(p -> p.contains(": minorVersionCompatibility: "));
    }
}
