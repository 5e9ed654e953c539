package dev.gpudoctor.cli;

import dev.gpudoctor.host.Host;
import dev.gpudoctor.host.bundle.BundleArchive;
import java.io.IOException;
import java.nio.file.Path;

/** A host opened for one command, with the temporary folder (if any) to delete afterwards. */
record OpenHost(Host host, String capturedAt, Path scratch) implements AutoCloseable {

    @Override
    public void close() {
        if (scratch != null) {
            delete(scratch);
        }
    }

    static void delete(Path dir) {
        try {
            BundleArchive.deleteTree(dir);
        } catch (IOException ignored) {
            // A temporary folder that cannot be removed is left to the system's cleaner; the result stands.
        }
    }
}
