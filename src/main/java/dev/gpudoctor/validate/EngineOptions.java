package dev.gpudoctor.validate;

import java.nio.file.Path;

/**
 * validate's options for step 7.
 *
 * @param saveDir               --save-engines DIR: keep the plans, sidecars and models there (else they go with the
 *                              run's scratch folder)
 * @param hardwareCompatibility --hardware-compatibility none|ampere+ for the plans built
 * @param versionCompatible     --version-compatible for the plans built
 * @param plan                  --engine PLAN: check this plan instead of building the test network
 */
public record EngineOptions(Path saveDir, String hardwareCompatibility, boolean versionCompatible, Path plan) {

    public static final java.util.List<String> HARDWARE_COMPATIBILITY = java.util.List.of("none", "ampere+");

    public EngineOptions {
        hardwareCompatibility = hardwareCompatibility == null ? "none" : hardwareCompatibility;
        if (!HARDWARE_COMPATIBILITY.contains(hardwareCompatibility)) {
            throw new IllegalArgumentException("hardware compatibility " + hardwareCompatibility + ": one of "
                    + HARDWARE_COMPATIBILITY);
        }
    }

    public static EngineOptions defaults() {
        return new EngineOptions(null, "none", false, null);
    }
}
