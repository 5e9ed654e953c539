package dev.gpudoctor.diagnosis.rules;

/**
 * Whether a path a process mapped is the copy the linker emulation resolved. /proc/PID/maps names
 * the file behind the links (libcudnn.so.9.14.0) where the emulation names the soname link it
 * followed (libcudnn.so.9), so a file of the same family in the same directory is the same copy.
 */
final class LibraryFamily {

    private LibraryFamily() {
    }

    /** "libcudnn.so.9.14.0" and "libcudnn.so.9" are one family: "libcudnn.so". */
    static String of(String fileName) {
        String name = fileName.substring(fileName.lastIndexOf('/') + 1);
        int i = name.indexOf(".so");
        return i < 0 ? name : name.substring(0, i + 3);
    }

    static boolean sameFamily(String a, String b) {
        return of(a).equals(of(b));
    }

    static boolean sameCopy(String mapped, String resolved) {
        return mapped.equals(resolved) || (directory(mapped).equals(directory(resolved)) && sameFamily(mapped, resolved));
    }

    private static String directory(String path) {
        int i = path.lastIndexOf('/');
        return i < 0 ? "" : path.substring(0, i);
    }
}
