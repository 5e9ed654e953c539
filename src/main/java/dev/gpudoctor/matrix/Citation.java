package dev.gpudoctor.matrix;

import java.util.Optional;

/**
 * Where a matrix fact comes from, so that a finding can cite it: the entry's place in the matrix
 * and the page that states it.
 *
 * @param file      the matrix file ("compat-matrix/cudnn.yaml")
 * @param line      the entry's first line in that file
 * @param field     the entry's path in the file ("entries[3]")
 * @param source    the entry's {@code source:} as written: a URL or a key of the file's {@code sources:}
 * @param url       the source resolved to a URL
 * @param confirmed false where the facts could not be confirmed in a source: kept for information,
 *                  never a reason for an error
 * @param note      the entry's note (disagreements between sources, caveats)
 */
public record Citation(String file, int line, String field, String source, String url, boolean confirmed,
        Optional<String> note) {

    /** "compat-matrix/cudnn.yaml line 42 (https://...)" */
    public String where() {
        return file + " line " + line + " (" + url + ")";
    }
}
