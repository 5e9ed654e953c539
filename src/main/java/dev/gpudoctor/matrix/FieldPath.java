package dev.gpudoctor.matrix;

/** Writes a JSON Pointer the way a person reads a YAML path: "/entries/3/source" is "entries[3].source". */
final class FieldPath {

    static String of(String pointer) {
        if (pointer.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String raw : pointer.substring(1).split("/", -1)) {
            String part = raw.replace("~1", "/").replace("~0", "~");
            if (part.matches("\\d+")) {
                b.append('[').append(part).append(']');
            } else {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(part);
            }
        }
        return b.toString();
    }

    private FieldPath() {
    }
}
