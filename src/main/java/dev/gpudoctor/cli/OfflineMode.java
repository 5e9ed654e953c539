package dev.gpudoctor.cli;

import java.util.Map;

/** GPU_DOCTOR_OFFLINE: set (to anything but 0, false or an empty value), nothing touches the network. */
final class OfflineMode {

    private OfflineMode() {
    }

    static boolean on(Map<String, String> env) {
        String v = env.get("GPU_DOCTOR_OFFLINE");
        return v != null && !v.isBlank() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }
}
