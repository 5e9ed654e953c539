package dev.gpudoctor.host;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a directory entry is, as lstat(2) tells it (links are not followed). */
public enum FileType {
    FILE("file"),
    DIRECTORY("directory"),
    SYMLINK("symlink"),
    CHAR_DEVICE("char-device"),
    BLOCK_DEVICE("block-device"),
    OTHER("other");

    private final String word;

    FileType(String word) {
        this.word = word;
    }

    @JsonValue
    public String word() {
        return word;
    }

    /** The type encoded in the st_mode bits (S_IFMT). */
    public static FileType fromMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> FILE;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0020000 -> CHAR_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            default -> OTHER;
        };
    }

    /** The first letter of {@code ls -l}. */
    public char lsLetter() {
        return switch (this) {
            case FILE -> '-';
            case DIRECTORY -> 'd';
            case SYMLINK -> 'l';
            case CHAR_DEVICE -> 'c';
            case BLOCK_DEVICE -> 'b';
            case OTHER -> '?';
        };
    }
}
