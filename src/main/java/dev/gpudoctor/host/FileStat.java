package dev.gpudoctor.host;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What lstat(2) says of one path.
 *
 * @param permissions the permission bits (0666 for crw-rw-rw-), without the type
 * @param linkTarget  the target of a symbolic link, as written in the link
 * @param major       device major number, for device nodes
 * @param minor       device minor number, for device nodes
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileStat(
        FileType type,
        int permissions,
        Integer uid,
        Integer gid,
        Long size,
        String linkTarget,
        Integer major,
        Integer minor) {

    /** The mode as {@code ls -l} prints it ("crw-rw-rw-"). */
    public String modeString() {
        StringBuilder b = new StringBuilder().append(type.lsLetter());
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            b.append((permissions & (1 << (8 - i))) != 0 ? rwx.charAt(i) : '-');
        }
        return b.toString();
    }

    /** Parses an {@code ls -l} mode string ("crw-rw-rw-") into permission bits. */
    public static int permissionsFrom(String mode) {
        if (mode == null || mode.length() < 10) {
            throw new IllegalArgumentException("not an ls mode: " + mode);
        }
        int bits = 0;
        for (int i = 0; i < 9; i++) {
            char c = mode.charAt(1 + i);
            if (c != '-') {
                bits |= 1 << (8 - i);
            }
        }
        return bits;
    }

    public static FileType typeFrom(String mode) {
        return switch (mode.charAt(0)) {
            case '-' -> FileType.FILE;
            case 'd' -> FileType.DIRECTORY;
            case 'l' -> FileType.SYMLINK;
            case 'c' -> FileType.CHAR_DEVICE;
            case 'b' -> FileType.BLOCK_DEVICE;
            default -> FileType.OTHER;
        };
    }
}
