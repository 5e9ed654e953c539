package dev.gpudoctor.fix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether this process may run steps that need root: a port, so that tests decide. */
@FunctionalInterface
public interface Privileges {

    boolean isRoot();

    /**
     * This process, from the effective uid in /proc/self/status ("Uid: real effective saved fs"):
     * Java has no portable call for it, and a wrong "yes" would only make the first root step fail.
     */
    static Privileges ofThisProcess() {
        return () -> {
            try {
                return Files.readAllLines(Path.of("/proc/self/status")).stream()
                        .filter(l -> l.startsWith("Uid:"))
                        .map(l -> l.substring(4).trim().split("\\s+"))
                        .anyMatch(ids -> ids.length > 1 && ids[1].equals("0"));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        };
    }
}
