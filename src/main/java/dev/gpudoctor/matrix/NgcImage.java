package dev.gpudoctor.matrix;

import dev.gpudoctor.fact.Version;
import java.util.List;
import java.util.Optional;

/**
 * An NGC container release (nvcr.io/nvidia/...:YY.MM): its CUDA base and the driver it requires.
 *
 * @param cuda                  as the release notes write it ("11.7 Update 1 Preview", "12.8.1.012")
 * @param minDriverBranch       "requires NVIDIA Driver release NNN or later"
 * @param forwardCompatBranches older data-center branches the notes list as usable
 */
public record NgcImage(String image, Optional<String> tag, String release, Optional<String> cuda,
        Optional<Version> cudnn, Optional<Version> tensorrt, Optional<Integer> minDriverBranch,
        List<CompatBranch> forwardCompatBranches, ComputeCapabilities computeCapability, Citation citation)
        implements Cited {

    /** A branch usable through forward compatibility, from this driver version on. */
    public record CompatBranch(int branch, Version minVersion) {

        static CompatBranch read(Node n) {
            return new CompatBranch(n.number("branch"), n.version("minVersion"));
        }
    }

    static NgcImage read(Node n) {
        return new NgcImage(n.text("image"), n.optText("tag"), n.text("release"), n.optText("cuda"),
                n.optVersion("cudnn"), n.optVersion("tensorrt"), n.optNumber("minDriver"),
                n.items("forwardCompatBranches").stream().map(CompatBranch::read).toList(),
                ComputeCapabilities.read(n, "computeCapability"), n.citation());
    }

    @Override
    public String describe() {
        return image + ":" + tag.orElse(release)
                + cuda.map(c -> ": CUDA " + c).orElse("")
                + minDriverBranch.map(b -> ", driver >= R" + b).orElse("")
                + cudnn.map(c -> ", cuDNN " + c).orElse("")
                + tensorrt.map(t -> ", TensorRT " + t).orElse("")
                + (computeCapability.stated() ? ", " + computeCapability : "");
    }
}
