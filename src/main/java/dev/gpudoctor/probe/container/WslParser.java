package dev.gpudoctor.probe.container;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.section.ContainerFacts.Wsl;

/**
 * Recognises Windows Subsystem for Linux from the kernel banner: WSL kernels say "microsoft"
 * ("5.15.167.4-microsoft-standard-WSL2", WSL1's "4.4.0-19041-Microsoft"). WSL2 runs a real kernel
 * and passes the GPU through /usr/lib/wsl/lib; WSL1 has no GPU support at all.
 */
public final class WslParser {

    private WslParser() {
    }

    /**
     * @param banner          the text of /proc/version
     * @param wslLibDirectory whether /usr/lib/wsl/lib exists (WSL2 mounts it even on custom kernels)
     */
    public static Fact<Wsl> parse(String banner, boolean wslLibDirectory) {
        if (banner == null || !banner.toLowerCase().contains("microsoft")) {
            return Fact.absent("not WSL: the kernel banner does not say microsoft");
        }
        String b = banner.strip();
        int version = b.contains("WSL2") || wslLibDirectory ? 2 : 1;
        return Fact.found(new Wsl(version, b, wslLibDirectory));
    }
}
