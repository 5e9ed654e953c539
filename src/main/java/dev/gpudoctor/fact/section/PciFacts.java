package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.gpudoctor.fact.Fact;
import java.util.ArrayList;
import java.util.List;

/** NVIDIA devices on the PCI bus, read from sysfs: seen even when no driver is loaded. */
public record PciFacts(Fact<List<PciDevice>> nvidiaDevices) implements Section {

    /**
     * @param address   PCI address ("0000:00:06.0")
     * @param deviceId  PCI device id ("0x2335")
     * @param classCode PCI class ("0x030200": 3D controller)
     * @param name      the model name from the system's pci.ids, when it lists the id
     * @param driver    the kernel driver bound to the device (nvidia, nouveau, vfio-pci), or absent
     */
    public record PciDevice(String address, String deviceId, String subsystemVendorId, String subsystemDeviceId,
                            String classCode, Fact<String> name, Fact<String> driver) {

        public PciDevice {
            if (address == null) {
                throw new IllegalArgumentException("a PCI device needs its address");
            }
        }

        // Derived from classCode: kept out of the JSON so that a report read back has one source of truth.
        @JsonIgnore
        public boolean isGpu() {
            return classCode != null && (classCode.startsWith("0x0300") || classCode.startsWith("0x0302"));
        }
    }

    public List<PciDevice> gpus() {
        return nvidiaDevices.orElse(List.of()).stream().filter(PciDevice::isGpu).toList();
    }

    @Override
    public List<AreaLine> summarize() {
        List<String> d = new ArrayList<>();
        if (!nvidiaDevices.isFound()) {
            d.add("PCI bus: " + nvidiaDevices.describe(x -> "") + Sources.of(nvidiaDevices));
            return List.of(AreaLine.info("PCI", "PCI bus not readable here", d));
        }
        for (PciDevice g : gpus()) {
            d.add(g.address() + " " + g.deviceId() + " " + g.name().describe(n -> n)
                    + ", driver " + g.driver().describe(n -> n) + Sources.of(nvidiaDevices));
        }
        if (gpus().isEmpty()) {
            d.add("NVIDIA devices: " + nvidiaDevices.value().size() + ", none of them a display or 3D controller"
                    + Sources.of(nvidiaDevices));
            return List.of(AreaLine.info("PCI", "no NVIDIA GPU on the PCI bus", d));
        }
        return List.of(AreaLine.ok("PCI", gpus().size() + " NVIDIA GPU(s) on the PCI bus", d));
    }
}
