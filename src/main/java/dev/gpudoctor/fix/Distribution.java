package dev.gpudoctor.fix;

import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.section.SystemFacts.OsRelease;
import dev.gpudoctor.matrix.InstallGuide;
import dev.gpudoctor.matrix.Matrix;
import java.util.List;
import java.util.Locale;

/**
 * The distribution a fix plan is written for: os-release's ID and VERSION_ID matched against
 * install.yaml. A host the matrix has no install steps for is still a Distribution, with
 * {@code unsupportedWhy} saying so, and every plan for it is advice only, never guessed commands.
 *
 * @param versionId      os-release's VERSION_ID as written (9.4 on RHEL 9.4), null where it has none
 * @param repoId         NVIDIA's CUDA repository id (ubuntu2204, rhel9); null when unsupported
 * @param unsupportedWhy null when install.yaml has steps for this release
 */
public record Distribution(String id, String versionId, String prettyName, Family family, String repoId,
        String unsupportedWhy) {

    public enum Family {
        DEBIAN, RHEL, OTHER;

        /** install.yaml's word for the family ("debian", "rhel"). */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Family of(String word) {
            return switch (word) {
                case "debian" -> DEBIAN;
                case "rhel" -> RHEL;
                default -> OTHER;
            };
        }
    }

    public boolean supported() {
        return unsupportedWhy == null;
    }

    /** The distribution of a host, from its os-release (facts.system().os()). */
    public static Distribution of(HostFacts facts, Matrix m) {
        Fact<OsRelease> os = facts == null || facts.system() == null ? null : facts.system().os();
        if (os == null || !os.isFound()) {
            String why = os == null ? "the system probe did not complete" : os.why();
            return new Distribution(null, null, "an unknown system", Family.OTHER, null,
                    "the operating system could not be read (" + why + "), so gpu-doctor has no install steps for it");
        }
        return of(os.value(), m);
    }

    /** The distribution an os-release describes. */
    public static Distribution of(OsRelease os, Matrix m) {
        InstallGuide guide = m.install();
        return guide.distribution(os.id(), os.versionId())
                .map(d -> new Distribution(os.id(), os.versionId(), os.prettyName(), Family.of(d.family()), d.cudaRepo(),
                        null))
                .orElseGet(() -> new Distribution(os.id(), os.versionId(), os.prettyName(), Family.OTHER, null,
                        unknownWhy(os, guide)));
    }

    /** Names the releases of the same distribution that the matrix does know, where there are some. */
    private static String unknownWhy(OsRelease os, InstallGuide guide) {
        List<String> known = guide.distributions().stream().filter(d -> d.id().equals(os.id()))
                .map(d -> d.versionId().toString()).toList();
        return os.prettyName() + " is not a distribution gpu-doctor has install steps for"
                + (known.isEmpty() ? "" : " (install.yaml has " + os.id() + " " + String.join(", ", known) + ")");
    }
}
