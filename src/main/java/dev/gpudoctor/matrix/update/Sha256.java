package dev.gpudoctor.matrix.update;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as lower-case hex, the form index.json carries. */
final class Sha256 {

    private Sha256() {
    }

    static String hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            // Every Java runtime has SHA-256 (a required algorithm of java.security.MessageDigest).
            throw new IllegalStateException(e);
        }
    }
}
