package dev.gpudoctor.host.bundle;

import dev.gpudoctor.redact.Redactor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Redacts a bundle folder before it is packed: every text file's content, every link's target, and
 * the names of files and folders (a home folder named after its user). One redactor for the whole
 * bundle keeps it consistent, so that it replays: bundle.yaml's paths, rootfs/ and the outputs of
 * the commands all name the same stand-ins. Files that are not UTF-8 text (libraries) are left as
 * they are.
 */
final class BundleRedaction {

    private BundleRedaction() {
    }

    static void apply(Path dir, Redactor redactor) throws IOException {
        List<Path> all;
        try (Stream<Path> walk = Files.walk(dir)) {
            // Deepest first, so that renaming a folder never moves a path still to be visited.
            all = walk.sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
        }
        // Contents first: they teach the redactor every user and host name before any file is renamed.
        for (Path p : all) {
            if (Files.isSymbolicLink(p)) {
                String target = Files.readSymbolicLink(p).toString();
                String redacted = redactor.redact(target);
                if (!redacted.equals(target)) {
                    Files.delete(p);
                    Files.createSymbolicLink(p, Path.of(redacted));
                }
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                String text = utf8Text(Files.readAllBytes(p));
                if (text != null) {
                    String redacted = redactor.redact(text);
                    if (!redacted.equals(text)) {
                        Files.writeString(p, redacted, StandardCharsets.UTF_8);
                    }
                }
            }
        }
        for (Path p : all) {
            if (p.equals(dir)) {
                continue;
            }
            String name = p.getFileName().toString();
            // A name is redacted as the path it stands for (rootfs/home/alice is /home/alice), and a
            // command output's name (made from its argv) loses the user and host names seen above.
            String parent = dir.relativize(p.getParent()).toString();
            String asPath = ("/" + (parent.isEmpty() ? "" : parent + "/") + name).replaceFirst("^/rootfs/", "/");
            String redactedPath = redactor.redact(asPath);
            String redactedName = redactor.redactKnownNames(redactedPath.substring(redactedPath.lastIndexOf('/') + 1));
            if (!redactedName.equals(name) && !redactedName.isEmpty()) {
                Files.move(p, p.resolveSibling(redactedName));
            }
        }
    }

    /** The file's text, or null when it is not UTF-8 text (a NUL byte or an invalid sequence). */
    private static String utf8Text(byte[] bytes) {
        for (byte b : bytes) {
            if (b == 0) {
                return null;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
