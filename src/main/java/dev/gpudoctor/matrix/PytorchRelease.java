package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A PyTorch minor release ("2.5" covers 2.5.x) and its CUDA builds (cu124, ...).
 *
 * @param pipFlag how the previous-versions page hands pip the index: --index-url, --extra-index-url or -f
 */
public record PytorchRelease(Version version, Optional<Version> pythonMin, Optional<Version> pythonMax,
        List<Variant> variants, Optional<String> indexUrl, Optional<String> pipFlag, Citation citation)
        implements Cited {

    /**
     * One CUDA build of the release.
     *
     * @param status           stable or experimental (RELEASE.md column), where stated
     * @param archs            compute capabilities the wheels carry kernels for, where stated
     * @param ptxArch          the capability also shipped as PTX (runs on newer GPUs by JIT)
     * @param isDefault        the build a plain {@code pip install torch} gets on Linux x86_64
     * @param defaultConfirmed false where the default is only indirectly stated
     * @param archsConfirmed   false where the arch list is read through a third party
     */
    public record Variant(Version cuda, String tag, Optional<String> status, Optional<Version> cudnn,
            Optional<Version> nccl, Optional<Version> cudaFull, List<Version> archs, Optional<Version> ptxArch,
            boolean isDefault, boolean defaultConfirmed, boolean archsConfirmed) {

        static Variant read(Node n) {
            return new Variant(n.version("cuda"), n.text("tag"), n.optText("status"), n.optVersion("cudnn"),
                    n.optVersion("nccl"), n.optVersion("cudaFull"), n.versions("archs"), n.optVersion("ptxArch"),
                    n.flag("default", false), n.flag("defaultConfirmed", true), n.flag("archsConfirmed", true));
        }

        @Override
        public String toString() {
            return tag + status.map(s -> " " + s).orElse("") + (isDefault ? " default" : "")
                    + cudnn.map(c -> " cuDNN " + c).orElse("")
                    + (archs.isEmpty() ? "" : " sm " + archs.stream().map(Version::toString)
                            .collect(Collectors.joining(",")) + ptxArch.map(p -> "+PTX").orElse(""));
        }
    }

    static PytorchRelease read(Node n) {
        Node py = n.child("python");
        return new PytorchRelease(n.version("version"), py.optVersion("min"), py.optVersion("max"),
                n.items("variants").stream().map(Variant::read).toList(), n.optText("indexUrl"), n.optText("pipFlag"),
                n.citation());
    }

    /** Whether this entry covers a full torch version (2.5 covers 2.5.1). */
    public boolean covers(Version torch) {
        return torch.startsWith(version);
    }

    /** The build plain {@code pip install torch} installs, where a source states it. */
    public Optional<Variant> defaultVariant() {
        return variants.stream().filter(Variant::isDefault).findFirst();
    }

    /** The pip index of one variant ("https://download.pytorch.org/whl/cu124"), where the matrix states the pattern. */
    public Optional<String> indexUrlOf(Variant v) {
        return indexUrl.map(u -> u.replace("{tag}", v.tag()));
    }

    public Optional<Variant> variant(String tag) {
        return variants.stream().filter(v -> v.tag().equalsIgnoreCase(tag)).findFirst();
    }

    @Override
    public String describe() {
        return "PyTorch " + version
                + pythonMin.map(p -> " (Python " + p + "-" + pythonMax.map(Version::toString).orElse("?") + ")").orElse("")
                + ": " + variants.stream().map(Variant::toString).collect(Collectors.joining("; "));
    }
}
