package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.Sources;
import java.util.List;
import java.util.Optional;

/** What several rules ask of the facts, answered in one place, with the source of each answer. */
final class Known {

    private Known() {
    }

    static Optional<Version> runningDriver(HostFacts f) {
        return f.runningDriver();
    }

    static Optional<Version> cudaCeiling(HostFacts f) {
        return f.cudaCeiling();
    }

    static List<DriverFacts.SmiGpu> smiGpus(HostFacts f) {
        return f.smiGpus();
    }

    /** True when some source shows an NVIDIA GPU: nvidia-smi, the kernel module or the PCI bus. */
    static boolean hasGpu(HostFacts f) {
        return !smiGpus(f).isEmpty()
                || f.kernel() != null && !f.kernel().procGpus().orElse(List.of()).isEmpty()
                || f.pci() != null && !f.pci().gpus().isEmpty();
    }

    /** False when nvidia-smi could not be asked (a mounted root, a bundle without it): then nothing is known. */
    static boolean smiAsked(HostFacts f) {
        return f.driver() != null && !(f.driver().smi().status() == dev.gpudoctor.fact.Status.ABSENT
                && f.driver().smi().why() != null
                && f.driver().smi().why().startsWith(dev.gpudoctor.host.CommandResult.NOT_RUN_PREFIX));
    }

    /**
     * The command that rebuilds the initramfs on this distribution family (update-initramfs on
     * Debian and Ubuntu, dracut on RHEL and its rebuilds), from os-release's ID and ID_LIKE.
     */
    static java.util.Optional<List<String>> initramfsRebuild(HostFacts f) {
        if (f.system() == null || !f.system().os().isFound()) {
            return java.util.Optional.empty();
        }
        var os = f.system().os().value();
        String family = (os.id() + " " + (os.idLike() == null ? "" : os.idLike())).toLowerCase(java.util.Locale.ROOT);
        if (family.matches(".*\\b(debian|ubuntu)\\b.*")) {
            return java.util.Optional.of(List.of("update-initramfs", "-u"));
        }
        if (family.matches(".*\\b(rhel|fedora|centos|rocky|almalinux)\\b.*")) {
            return java.util.Optional.of(List.of("dracut", "--force"));
        }
        return java.util.Optional.empty();
    }

    static boolean isWsl(HostFacts f) {
        return f.container() != null && f.container().wsl().isFound();
    }

    /** "580.159.04 [file /proc/driver/nvidia/version]" for a finding's evidence. */
    static String show(String what, Fact<?> fact, String value) {
        return what + ": " + value + Sources.of(fact);
    }
}
