package dev.gpudoctor.fact.section;

import dev.gpudoctor.fact.Fact;
import java.util.List;

/** Whether native calls (NVML, CUDA driver API) could be made, and why not. */
public record NativeFacts(Fact<String> availability) implements Section {

    @Override
    public List<AreaLine> summarize() {
        return List.of(AreaLine.info("Native", availability.describe(s -> s), List.of()));
    }
}
