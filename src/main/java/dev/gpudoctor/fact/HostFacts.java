package dev.gpudoctor.fact;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.section.ContainerFacts;
import dev.gpudoctor.fact.section.CopiesFacts;
import dev.gpudoctor.fact.section.CudaFacts;
import dev.gpudoctor.fact.section.DeepFacts;
import dev.gpudoctor.fact.section.DnnFacts;
import dev.gpudoctor.fact.section.DriverFacts;
import dev.gpudoctor.fact.section.KernelFacts;
import dev.gpudoctor.fact.section.LinkerFacts;
import dev.gpudoctor.fact.section.NativeFacts;
import dev.gpudoctor.fact.section.PciFacts;
import dev.gpudoctor.fact.section.PythonFacts;
import dev.gpudoctor.fact.section.Section;
import dev.gpudoctor.fact.section.SystemFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Everything the probes read of one host, one section per probe. A section is null when its probe
 * did not complete; the probe runs say why.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostFacts(
        SystemFacts system,
        PciFacts pci,
        KernelFacts kernel,
        DriverFacts driver,
        CudaFacts cuda,
        DnnFacts dnn,
        PythonFacts python,
        LinkerFacts linker,
        ContainerFacts container,
        NativeFacts natives,
        CopiesFacts copies,
        DeepFacts deep) {

    /** The driver that runs: nvidia-smi's word first, then the kernel module's. */
    @JsonIgnore
    public Optional<Version> runningDriver() {
        if (driver != null && driver.smi().isFound()) {
            return Optional.of(driver.smi().value().driverVersion());
        }
        if (kernel != null && kernel.module().isFound()) {
            return Optional.of(kernel.module().value().version());
        }
        return Optional.empty();
    }

    /** The highest CUDA the running driver supports, as nvidia-smi reports it. */
    @JsonIgnore
    public Optional<Version> cudaCeiling() {
        if (driver != null && driver.smi().isFound()) {
            return Optional.ofNullable(driver.smi().value().cudaCeiling());
        }
        if (driver != null && driver.smiVersion().isFound()) {
            return Optional.ofNullable(driver.smiVersion().value().cudaCeiling());
        }
        return Optional.empty();
    }

    /** The GPUs nvidia-smi lists (none when it did not answer). */
    @JsonIgnore
    public List<DriverFacts.SmiGpu> smiGpus() {
        return driver != null && driver.smi().isFound() ? driver.smi().value().gpus() : List.of();
    }

    /** The sections in report order, skipping those whose probe did not complete. */
    public List<Section> sections() {
        List<Section> out = new ArrayList<>();
        for (Section s : new Section[] {system, pci, kernel, driver, cuda, dnn, python, linker, container, natives, copies, deep}) {
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }
}
