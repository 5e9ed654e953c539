package dev.gpudoctor.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Where a matrix was loaded from and what its files hold.
 *
 * @param origin        "bundled" or the --matrix folder
 * @param schemaVersion the format of the files (matrix.yaml)
 * @param matrixVersion the date of the data, YYYY-MM-DD (matrix.yaml)
 * @param files         one summary per subject file
 */
public record MatrixInfo(String origin, int schemaVersion, String matrixVersion, List<FileSummary> files,
        Map<Subject, JsonNode> documents) {

    /** The subject file as written (validated), for printing it whole; a copy, since Jackson trees are mutable. */
    public JsonNode document(Subject subject) {
        return documents.get(subject).deepCopy();
    }
}
