package dev.gpudoctor.probe.pci;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.PciFacts;
import dev.gpudoctor.fact.section.PciFacts.PciDevice;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.Probe;
import dev.gpudoctor.probe.ProbeContext;
import java.util.ArrayList;
import java.util.List;

/**
 * NVIDIA devices on the PCI bus, from sysfs. Seen whether or not a driver is loaded, which is what
 * tells "no GPU" from "GPU without driver" and "GPU taken by nouveau or vfio-pci".
 */
public final class PciProbe implements Probe<PciFacts> {

    static final String DEVICES = "/sys/bus/pci/devices";
    static final String NVIDIA = "0x10de";
    static final List<String> PCI_IDS = List.of("/usr/share/misc/pci.ids", "/usr/share/hwdata/pci.ids", "/usr/share/pci.ids");

    @Override
    public String name() {
        return "pci";
    }

    @Override
    public PciFacts probe(ProbeContext ctx) {
        return new PciFacts(nvidiaDevices(ctx.host().files()));
    }

    static Fact<List<PciDevice>> nvidiaDevices(HostFiles files) {
        Fact<List<DirEntry>> listing = files.list(DEVICES);
        if (listing.status() == Status.ABSENT) {
            return Fact.absent("no " + DEVICES + " (containers and chroots often hide sysfs)", listing.evidence());
        }
        if (!listing.isFound()) {
            return Fact.failed("cannot list " + DEVICES + ": " + listing.why(), listing.evidence());
        }
        List<Evidence> evidence = new ArrayList<>(listing.evidence());
        List<Raw> raws = new ArrayList<>();
        for (DirEntry e : listing.value()) {
            String dir = DEVICES + "/" + e.name();
            Fact<String> vendor = attribute(files, dir, "vendor");
            if (!vendor.isFound()) {
                return unreadable(e.name(), "vendor", vendor, evidence);
            }
            if (!vendor.value().equals(NVIDIA)) {
                continue;
            }
            evidence.addAll(vendor.evidence());
            String[] names = {"device", "class", "subsystem_vendor", "subsystem_device"};
            String[] values = new String[names.length];
            for (int i = 0; i < names.length; i++) {
                Fact<String> f = attribute(files, dir, names[i]);
                if (!f.isFound()) {
                    return unreadable(e.name(), names[i], f, evidence);
                }
                evidence.addAll(f.evidence());
                values[i] = f.value();
            }
            raws.add(new Raw(e.name(), values[0], values[1], values[2], values[3], driver(files, dir)));
        }
        Fact<PciIds> ids = raws.isEmpty() ? Fact.absent("not needed") : pciIds(files);
        List<PciDevice> devices = new ArrayList<>();
        for (Raw r : raws) {
            devices.add(new PciDevice(r.address, r.device, r.subsystemVendor, r.subsystemDevice, r.classCode,
                    modelName(ids, r.device), r.driver));
        }
        return Fact.found(List.copyOf(devices), evidence);
    }

    private static Fact<String> attribute(HostFiles files, String dir, String name) {
        return files.readText(dir + "/" + name).flatMap(SysfsId::parse);
    }

    /** A listed device whose attributes cannot be read is a finding in itself, not a device to skip. */
    private static Fact<List<PciDevice>> unreadable(String address, String attribute, Fact<String> f,
                                                    List<Evidence> evidence) {
        List<Evidence> all = new ArrayList<>(evidence);
        all.addAll(f.evidence());
        return Fact.failed(address + ": cannot read " + attribute + ": " + f.why(), all);
    }

    /** The bound driver is the last component of the "driver" link (../../../bus/pci/drivers/nvidia). */
    static Fact<String> driver(HostFiles files, String dir) {
        Fact<FileStat> link = files.stat(dir + "/driver");
        if (link.status() == Status.ABSENT) {
            return Fact.absent("no driver bound", link.evidence());
        }
        return link.flatMap(s -> {
            if (s.type() != FileType.SYMLINK || s.linkTarget() == null) {
                return Fact.failed("driver is a " + s.type().word() + ", not a link");
            }
            String target = s.linkTarget().replaceAll("/+$", "");
            String name = target.substring(target.lastIndexOf('/') + 1);
            return name.isEmpty() ? Fact.failed("driver link has no target name") : Fact.found(name);
        });
    }

    /** The first pci.ids found; a copy that exists but cannot be read is reported, not skipped. */
    static Fact<PciIds> pciIds(HostFiles files) {
        List<Evidence> tried = new ArrayList<>();
        for (String path : PCI_IDS) {
            Fact<String> text = files.readText(path);
            if (text.status() != Status.ABSENT) {
                return text.flatMap(PciIds::parse);
            }
            tried.addAll(text.evidence());
        }
        return Fact.absent("no pci.ids on this host (the pciutils or hwdata package provides it)", tried);
    }

    private static Fact<String> modelName(Fact<PciIds> ids, String deviceId) {
        return ids.flatMap(db -> db.name(deviceId).map(Fact::found).orElseGet(() -> Fact.absent(
                "pci.ids" + (db.version() == null ? "" : " " + db.version()) + " does not list 10de:"
                        + deviceId.substring(2))));
    }

    private record Raw(String address, String device, String classCode, String subsystemVendor,
                       String subsystemDevice, Fact<String> driver) {
    }
}
