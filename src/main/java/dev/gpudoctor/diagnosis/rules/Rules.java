package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Rule;
import java.util.List;

/** Every rule of a diagnosis. */
public final class Rules {

    private Rules() {
    }

    /** The rules that need only facts, and those that read the matrix when it is there. */
    public static List<Rule> all(java.util.Optional<dev.gpudoctor.matrix.Matrix> matrix) {
        List<Rule> rules = new java.util.ArrayList<>(all());
        rules.replaceAll(r -> r instanceof CudaVersionsRule ? new CudaVersionsRule(matrix) : r);
        matrix.ifPresent(m -> {
            rules.add(new GpuArchitectureRule(m));
            rules.add(new ForwardCompatGpuRule(m));
            rules.add(new TorchBuildLibrariesRule(m));
            rules.add(new KnownBadRule(m));
        });
        return List.copyOf(rules);
    }

    /** The rules that need only facts. */
    public static List<Rule> all() {
        return List.of(
                new GpuPresenceRule(),
                new DriverConsistencyRule(),
                new DeviceNodesRule(),
                new GpuHealthRule(),
                new CudaVersionsRule(),
                new ToolkitsRule(),
                new TensorrtRule(),
                new NativeRule(),
                new ProcessMapsRule(),
                new DeepRule(),
                new ForwardCompatRule(),
                new LibraryCopiesRule(),
                new ContainerRule());
    }
}
