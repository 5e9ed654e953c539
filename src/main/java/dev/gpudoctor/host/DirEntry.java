package dev.gpudoctor.host;

/** One entry of a directory listing, with its type as lstat tells it. */
public record DirEntry(String name, FileType type) {
}
