package dev.gpudoctor.fix;

import dev.gpudoctor.fact.Version;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a user wants this host to run (plan --target): a framework release, a CUDA toolkit, a
 * TensorRT release, or the newest NGC image of a kind. The grammar follows --require's keys:
 * {@code torch==2.5.1}, {@code tensorflow==2.15}, {@code cuda=12.4}, {@code tensorrt=10.3},
 * {@code image pytorch} (or {@code image=pytorch}), {@code container-toolkit} (or
 * {@code container-toolkit=containerd}).
 */
public sealed interface Target {

    /** The words a user typed, for the plan's goal. */
    String text();

    record Torch(Version version, String text) implements Target {
    }

    record Tensorflow(Version version, String text) implements Target {
    }

    record Cuda(Version version, String text) implements Target {
    }

    record Tensorrt(Version version, String text) implements Target {
    }

    /** @param runtime the container engine to configure: docker, containerd or crio */
    record ContainerToolkit(String runtime, String text) implements Target {
    }

    /** @param family the NGC image name after nvcr.io/nvidia/ (pytorch, tensorflow, tensorrt, ...) */
    record Image(String family, String text) implements Target {
    }

    Pattern VERSIONED = Pattern.compile("(torch|pytorch|tensorflow|tf|cuda|toolkit|tensorrt|trt)\\s*(==|=)\\s*([0-9][0-9.]*)");
    Pattern IMAGE = Pattern.compile("image(?:\\s+|\\s*=\\s*)([a-z][a-z0-9-]*)");
    Pattern CONTAINER_TOOLKIT = Pattern.compile("container-toolkit(?:\\s*=\\s*(docker|containerd|crio))?");

    /** Parses a target; the message of the exception says what is accepted. */
    static Target parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        Matcher v = VERSIONED.matcher(t);
        if (v.matches()) {
            Version version = Version.of(v.group(3));
            return switch (v.group(1)) {
                case "torch", "pytorch" -> new Torch(version, text.trim());
                case "tensorflow", "tf" -> new Tensorflow(version, text.trim());
                case "cuda", "toolkit" -> new Cuda(version, text.trim());
                default -> new Tensorrt(version, text.trim());
            };
        }
        Matcher c = CONTAINER_TOOLKIT.matcher(t);
        if (c.matches()) {
            return new ContainerToolkit(c.group(1) == null ? "docker" : c.group(1), text.trim());
        }
        Matcher i = IMAGE.matcher(t);
        if (i.matches()) {
            return new Image(i.group(1), text.trim());
        }
        throw new IllegalArgumentException("'" + text + "' is not a target: use torch==2.5.1, tensorflow==2.15, cuda=12.4, "
                + "tensorrt=10.3, image pytorch or container-toolkit[=docker|containerd|crio]");
    }

}
