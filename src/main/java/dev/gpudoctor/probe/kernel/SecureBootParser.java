package dev.gpudoctor.probe.kernel;

import dev.gpudoctor.fact.Fact;

/**
 * Parses the SecureBoot EFI variable as efivarfs shows it: 4 attribute bytes, then one data byte
 * (1 enabled, 0 disabled). Secure Boot matters because it refuses unsigned (DKMS-built) modules.
 */
public final class SecureBootParser {

    private SecureBootParser() {
    }

    public static Fact<Boolean> parse(byte[] bytes) {
        if (bytes == null || bytes.length != 5) {
            return Fact.failed("SecureBoot variable has " + (bytes == null ? 0 : bytes.length)
                    + " bytes, expected 4 attribute bytes and 1 data byte");
        }
        return switch (bytes[4]) {
            case 1 -> Fact.found(true);
            case 0 -> Fact.found(false);
            default -> Fact.failed("SecureBoot data byte is " + (bytes[4] & 0xff) + ", expected 0 or 1");
        };
    }
}
