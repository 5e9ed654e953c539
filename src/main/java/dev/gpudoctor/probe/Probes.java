package dev.gpudoctor.probe;

import dev.gpudoctor.fact.HostFacts;
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
import dev.gpudoctor.probe.container.ContainerProbe;
import dev.gpudoctor.probe.cuda.CudaProbe;
import dev.gpudoctor.probe.dnn.DnnProbe;
import dev.gpudoctor.probe.deep.DeepProbe;
import dev.gpudoctor.probe.driver.DriverProbe;
import dev.gpudoctor.probe.kernel.KernelProbe;
import dev.gpudoctor.probe.libs.CopiesProbe;
import dev.gpudoctor.probe.linker.LinkerProbe;
import dev.gpudoctor.probe.natives.NativeProbe;
import dev.gpudoctor.probe.pci.PciProbe;
import dev.gpudoctor.probe.python.PythonProbe;
import dev.gpudoctor.probe.system.SystemProbe;
import java.util.List;
import java.util.Map;

/** Every probe of a check, and how their sections assemble into the host's facts. */
public final class Probes {

    private Probes() {
    }

    public static List<Probe<?>> all() {
        return List.of(
                new SystemProbe(),
                new PciProbe(),
                new KernelProbe(),
                new DriverProbe(),
                new CudaProbe(),
                new DnnProbe(),
                new PythonProbe(),
                new LinkerProbe(),
                new ContainerProbe(),
                new NativeProbe(),
                new CopiesProbe(),
                new DeepProbe());
    }

    public static HostFacts assemble(Map<String, Section> byName) {
        return new HostFacts(
                (SystemFacts) byName.get("system"),
                (PciFacts) byName.get("pci"),
                (KernelFacts) byName.get("kernel"),
                (DriverFacts) byName.get("driver"),
                (CudaFacts) byName.get("cuda"),
                (DnnFacts) byName.get("dnn"),
                (PythonFacts) byName.get("python"),
                (LinkerFacts) byName.get("linker"),
                (ContainerFacts) byName.get("container"),
                (NativeFacts) byName.get("natives"),
                (CopiesFacts) byName.get("copies"),
                (DeepFacts) byName.get("deep"));
    }
}
