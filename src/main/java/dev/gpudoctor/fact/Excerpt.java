package dev.gpudoctor.fact;

/**
 * Text read from a host, quoted in a reason. A file or a command's output can hold anything (a
 * 30 MB line, NULs, a terminal's escape sequences); a reason is one short line of a report.
 */
public final class Excerpt {

    private Excerpt() {
    }

    /**
     * The text with every control character (C0, DEL, and C1, where U+009B starts a terminal escape
     * sequence as ESC [ does) shown as '?', cut after {@code max} characters with "...".
     */
    public static String of(String text, int max) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(Math.min(text.length(), max) + 3);
        for (int i = 0; i < text.length() && b.length() < max; i++) {
            char c = text.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        if (text.length() <= max) {
            return b.toString();
        }
        // Never half of a surrogate pair before the ellipsis.
        if (Character.isHighSurrogate(b.charAt(b.length() - 1))) {
            b.setLength(b.length() - 1);
        }
        return b.append("...").toString();
    }
}
