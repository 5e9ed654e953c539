package dev.gpudoctor.diagnosis.rules;

import dev.gpudoctor.diagnosis.Rule;
import java.util.List;

/** Every rule of a diagnosis. */
public final class Rules {

    private Rules() {
    }

    public static List<Rule> all() {
        return List.of(
                new GpuPresenceRule(),
                new DriverConsistencyRule(),
                new DeviceNodesRule(),
                new GpuHealthRule(),
                new CudaVersionsRule(),
                new ToolkitsRule(),
                new ForwardCompatRule(),
                new LibraryCopiesRule(),
                new ContainerRule());
    }
}
