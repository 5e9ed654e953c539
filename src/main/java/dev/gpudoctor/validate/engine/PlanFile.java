package dev.gpudoctor.validate.engine;

import dev.gpudoctor.report.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A plan file given to validate --engine (or written by the engine step), read once: its size, its
 * header, its SHA-256 (streamed: plans of large models are gigabytes) and its sidecar. Reading never
 * throws: a missing, unreadable or damaged file is a {@code problem}, a damaged sidecar a {@code sidecarNote}.
 */
public final class PlanFile {

    /** The sidecar is a few hundred bytes; anything much larger is not one. */
    static final long MAX_SIDECAR_BYTES = 1024 * 1024;

    /**
     * @param problem     why the file could not be read at all (then nothing else is set)
     * @param sidecarNote why there is no usable sidecar
     */
    public record Inspected(Path path, long size, PlanHeader header, String sha256, PlanSidecar sidecar, String sidecarNote,
                            String problem) {
    }

    private PlanFile() {
    }

    public static Inspected inspect(Path plan) {
        if (!Files.exists(plan)) {
            return new Inspected(plan, 0, null, null, null, null, "no such file");
        }
        if (!Files.isRegularFile(plan)) {
            return new Inspected(plan, 0, null, null, null, null, "not a regular file");
        }
        byte[] head = new byte[PlanHeader.LENGTH];
        int got = 0;
        long size;
        String sha;
        try (InputStream in = Files.newInputStream(plan)) {
            size = Files.size(plan);
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (got < head.length) {
                    int k = Math.min(n, head.length - got);
                    System.arraycopy(buf, 0, head, got, k);
                    got += k;
                }
                digest.update(buf, 0, n);
            }
            sha = HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return new Inspected(plan, 0, null, null, null, null, "cannot read it: " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
        byte[] read = new byte[got];
        System.arraycopy(head, 0, read, 0, got);
        PlanHeader header = PlanHeader.read(read, size);
        Path side = Path.of(PlanSidecar.pathOf(plan.toString()));
        PlanSidecar sidecar = null;
        String note;
        if (!Files.isRegularFile(side)) {
            note = "no sidecar (" + side.getFileName() + "): the GPU and the flags it was built with are not known";
        } else {
            try {
                if (Files.size(side) > MAX_SIDECAR_BYTES) {
                    note = side.getFileName() + " is " + Files.size(side) + " bytes: not a gpu-doctor sidecar";
                } else {
                    PlanSidecar s = Json.mapper().readValue(Files.readString(side), PlanSidecar.class);
                    if (s == null || !PlanSidecar.FORMAT.equals(s.format())) {
                        note = side.getFileName() + " is not a gpu-doctor sidecar (format " + (s == null ? "none" : s.format())
                                + ")";
                    } else if (s.planSha256() != null && !s.planSha256().equalsIgnoreCase(sha)) {
                        note = side.getFileName() + " describes another file (its sha256 is " + s.planSha256()
                                + ", this plan's " + sha + "): ignored";
                    } else {
                        sidecar = s;
                        note = null;
                    }
                }
            } catch (IOException | RuntimeException e) {
                note = side.getFileName() + " is not readable as a sidecar: " + firstLine(e.getMessage());
            }
        }
        return new Inspected(plan, size, header, sha, sidecar, note, null);
    }

    /** The SHA-256 of a file as lowercase hex, or null where it cannot be read. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                digest.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
