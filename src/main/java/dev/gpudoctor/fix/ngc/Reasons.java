package dev.gpudoctor.fix.ngc;

import dev.gpudoctor.matrix.Cited;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The "why" of one verdict as it is built: each sentence carries the matrix entries it rests on
 * (file, line, source URL), and one unconfirmed entry makes the whole verdict unconfirmed.
 */
final class Reasons {

    private final List<String> lines = new ArrayList<>();
    private boolean confirmed = true;

    /** A sentence resting on these matrix entries; without any, it rests on the host's facts alone. */
    void add(String sentence, Cited... facts) {
        StringJoiner where = new StringJoiner("; ", " [", "]");
        where.setEmptyValue("");
        for (Cited c : facts) {
            where.add(c.citation().where() + (c.confirmed() ? "" : ", unconfirmed"));
            confirmed &= c.confirmed();
        }
        lines.add(sentence + where);
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    boolean confirmed() {
        return confirmed;
    }
}
