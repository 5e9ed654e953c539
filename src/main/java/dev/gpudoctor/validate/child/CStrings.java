package dev.gpudoctor.validate.child;

import java.nio.charset.StandardCharsets;

/** Small conversions of what native calls fill in. */
final class CStrings {

    private CStrings() {
    }

    /** A NUL-terminated C string in a byte buffer. */
    static String cString(byte[] buffer) {
        int n = 0;
        while (n < buffer.length && buffer[n] != 0) {
            n++;
        }
        return new String(buffer, 0, n, StandardCharsets.UTF_8);
    }
}
