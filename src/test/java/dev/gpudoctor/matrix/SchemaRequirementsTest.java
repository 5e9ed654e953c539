package dev.gpudoctor.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The published schemas themselves demand a source on every item that carries facts, in every
 * file and every list of it. (The model reader would also stop at a missing source, so this is
 * checked on the schema alone: a schema that lost the requirement must fail here.)
 */
class SchemaRequirementsTest {

    @ParameterizedTest
    @EnumSource(Subject.class)
    void everyListItemOfEveryFileNeedsASource(Subject subject) throws Exception {
        YamlDocument doc = real(subject);
        assertThat(SchemaCheck.check(doc, subject.id())).as("the real file validates").isEmpty();
        List<String> lists = new ArrayList<>();
        doc.root().fields().forEachRemaining(e -> {
            if (e.getValue().isArray() && e.getValue().get(0).has("source")) {
                lists.add(e.getKey());
            }
        });
        assertThat(lists).contains("entries");
        for (String list : lists) {
            YamlDocument broken = real(subject);
            ((ObjectNode) broken.root().get(list).get(0)).remove("source");
            // The tree lost the field but the line index still knows where it was written.
            assertThat(SchemaCheck.check(broken, subject.id())).extracting(Problem::toString)
                    .containsExactly(broken.file() + " line " + broken.lineOf("/" + list + "/0/source") + ": " + list
                            + "[0].source: missing");
        }
    }

    @ParameterizedTest
    @EnumSource(Subject.class)
    void aFileNeedsSchemaVersionSubjectAndEntries(Subject subject) throws Exception {
        YamlDocument doc = real(subject);
        JsonNode root = doc.root();
        ((ObjectNode) root).remove(List.of("schemaVersion", "subject", "entries"));
        assertThat(SchemaCheck.check(doc, subject.id())).extracting(Problem::field)
                .containsExactlyInAnyOrder("schemaVersion", "subject", "entries");
    }

    private static YamlDocument real(Subject s) throws IOException, MatrixException {
        Path f = Path.of("compat-matrix", s.fileName());
        return YamlDocument.parse(f.toString(), Files.readString(f));
    }
}
