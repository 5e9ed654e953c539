package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Finding;
import dev.gpudoctor.diagnosis.Fix;
import dev.gpudoctor.diagnosis.Rule;
import dev.gpudoctor.diagnosis.Severity;
import dev.gpudoctor.fact.HostFacts;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.ContainerFacts;
import dev.gpudoctor.fact.section.DriverFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The container's view: does the host driver meet the image's NVIDIA_REQUIRE_CUDA, were GPUs
 * passed in at all, and is this WSL1 (which has no GPU support).
 */
public final class ContainerRule implements Rule {

    static final String REQUIRE_UNMET = "container.require-cuda-unmet";
    static final String NO_GPU = "container.no-gpu-passed";
    static final String WSL1 = "wsl.version-1";
    static final String TOOLKIT_DOCS = "https://docs.nvidia.com/datacenter/cloud-native/container-toolkit/latest/install-guide.html";

    @Override
    public List<String> codes() {
        return List.of(REQUIRE_UNMET, NO_GPU, WSL1);
    }

    @Override
    public List<Finding> check(HostFacts f) {
        List<Finding> out = new ArrayList<>();
        ContainerFacts c = f.container();
        if (c == null) {
            return out;
        }
        if (c.wsl().isFound() && c.wsl().value().version() == 1) {
            out.add(new Finding(WSL1, Severity.ERROR, "Container", "This is WSL 1, which has no GPU support",
                    "CUDA on Windows Subsystem for Linux needs WSL 2.",
                    List.of(Known.show("kernel", c.wsl(), c.wsl().value().kernelBanner())),
                    List.of(Fix.advice("Convert the distribution: wsl --set-version <distro> 2 (from Windows).",
                            "https://docs.nvidia.com/cuda/wsl-user-guide/"))));
        }
        boolean inContainer = c.container().isFound();
        boolean gpuVisible = !Known.smiGpus(f).isEmpty()
                || f.kernel() != null && f.kernel().deviceNodes().orElse(List.of()).stream()
                .anyMatch(n -> n.path().matches("/dev/nvidia\\d+"));
        if (inContainer && !gpuVisible && !Known.isWsl(f) && Known.smiAsked(f)) {
            out.add(new Finding(NO_GPU, Severity.ERROR, "Container", "No GPU was passed into this " + c.container().value() + " container",
                    "Inside the container there is no /dev/nvidiaN and nvidia-smi sees no GPU: it was started without "
                            + "GPUs, or without the NVIDIA container runtime.",
                    List.of(Known.show("container", c.container(), c.container().value()),
                            Known.show("NVIDIA_VISIBLE_DEVICES", c.visibleDevices(), c.visibleDevices().describe(s -> s))),
                    List.of(Fix.advice("Start it with --gpus all (Docker) or --device nvidia.com/gpu=all (CDI, Podman), "
                            + "with the NVIDIA container toolkit installed on the host.", TOOLKIT_DOCS))));
        }
        if (c.requireCuda().isFound()) {
            Optional<Version> ceiling = Known.cudaCeiling(f);
            Optional<Version> driver = Known.runningDriver(f);
            String brand = Known.smiGpus(f).stream().map(DriverFacts.SmiGpu::brand).filter(java.util.Objects::nonNull)
                    .map(b -> b.toLowerCase(Locale.ROOT)).findFirst().orElse(null);
            if (ceiling.isPresent() && driver.isPresent()
                    && c.requireCuda().value().alternatives().stream().noneMatch(a -> holds(a, ceiling.get(), driver.get(), brand))) {
                out.add(new Finding(REQUIRE_UNMET, Severity.ERROR, "Container",
                        "The host driver " + driver.get() + " (CUDA " + ceiling.get() + ") does not meet the image's NVIDIA_REQUIRE_CUDA",
                        "The image was built for a newer CUDA than this driver supports; the NVIDIA container runtime "
                                + "refuses to start it (\"unsatisfied condition: cuda>=...\") unless checks are disabled, "
                                + "and then CUDA fails inside.",
                        List.of(Known.show("NVIDIA_REQUIRE_CUDA", c.requireCuda(), c.requireCuda().value().alternatives().get(0).toString()),
                                "driver " + driver.get() + ", CUDA ceiling " + ceiling.get() + " [nvidia-smi]"),
                        List.of(Fix.advice("Use an image built for CUDA " + ceiling.get() + " or older, or upgrade the host driver.",
                                TOOLKIT_DOCS))));
            }
        }
        return out;
    }

    /** One alternative holds when all its constraints hold; an unknown key is not assumed to hold. */
    static boolean holds(List<ContainerFacts.Constraint> alternative, Version ceiling, Version driver, String brand) {
        for (ContainerFacts.Constraint k : alternative) {
            boolean ok = switch (k.key()) {
                case "cuda" -> Version.find(k.value()).map(v -> compare(ceiling.prefix(2), k.op(), v)).orElse(false);
                case "driver" -> Version.find(k.value()).map(v -> compare(driver.prefix(v.size()), k.op(), v)).orElse(false);
                case "brand" -> brand != null && (k.op().equals("=") || k.op().equals("==")) == brand.equals(k.value());
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean compare(Version have, String op, Version want) {
        int c = have.compareTo(want);
        return switch (op) {
            case ">=" -> c >= 0;
            case ">" -> c > 0;
            case "<=" -> c <= 0;
            case "<" -> c < 0;
            case "=", "==" -> c == 0;
            case "!=" -> c != 0;
            default -> false;
        };
    }
}
