package dev.gpudoctor.probe.kernel;

import java.util.regex.Pattern;

/**
 * Whether one modprobe.d(5) file, or the kernel command line, keeps nouveau off the GPU. Any of
 * these does: "blacklist nouveau", "options nouveau modeset=0", "install nouveau /bin/false" (or
 * /bin/true); on the command line "modprobe.blacklist=...nouveau..." or "nouveau.modeset=0".
 */
public final class ModprobeConfig {

    private static final Pattern BLACKLIST = Pattern.compile("blacklist\\s+nouveau");
    private static final Pattern MODESET_OFF = Pattern.compile("options\\s+nouveau\\s+(?:.*\\s)?modeset=0(?:\\s.*)?");
    private static final Pattern INSTALL_NOTHING = Pattern.compile("install\\s+nouveau\\s+(?:/usr)?/bin/(?:false|true)\\b.*");
    private static final Pattern CMDLINE = Pattern.compile(
            "(?:^|\\s)(?:modprobe\\.blacklist=(?:\\S*,)?nouveau(?:,\\S*)?|nouveau\\.modeset=0|rd\\.driver\\.blacklist=(?:\\S*,)?nouveau(?:,\\S*)?)(?=\\s|$)");

    private ModprobeConfig() {
    }

    public static boolean disablesNouveau(String text) {
        if (text == null) {
            return false;
        }
        for (String raw : text.split("\n")) {
            // kmod takes only a leading '#' as a comment.
            String line = raw.strip();
            if (line.startsWith("#")) {
                continue;
            }
            if (BLACKLIST.matcher(line).matches() || MODESET_OFF.matcher(line).matches()
                    || INSTALL_NOTHING.matcher(line).matches()) {
                return true;
            }
        }
        return false;
    }

    /** The same question asked of /proc/cmdline. */
    public static boolean commandLineDisablesNouveau(String cmdline) {
        return cmdline != null && CMDLINE.matcher(cmdline.strip()).find();
    }
}
