package dev.gpudoctor.matrix;

/** A matrix record that keeps where its facts come from, for the findings that use it. */
public interface Cited {

    Citation citation();

    /** The source URL of this record's facts. */
    default String source() {
        return citation().url();
    }

    /** False for entries the matrix keeps for information only: rules must not raise errors from them. */
    default boolean confirmed() {
        return citation().confirmed();
    }

    /** One line for people: the record's main facts, without the source. */
    String describe();
}
