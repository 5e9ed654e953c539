package dev.gpudoctor.probe.kernel;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Status;
import dev.gpudoctor.fact.section.KernelFacts.DeviceNode;
import dev.gpudoctor.host.DirEntry;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.HostFiles;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The NVIDIA device nodes under /dev, as stat sees them: CUDA needs nvidiactl, nvidiaN and
 * nvidia-uvm with read-write access, and MIG needs the nvidia-caps nodes.
 */
final class DeviceNodeReader {

    static final String CAPS = "nvidia-caps";
    private static final Pattern NODE = Pattern.compile("nvidiactl|nvidia\\d+|nvidia-uvm|nvidia-uvm-tools|nvidia-modeset|dxg");

    private DeviceNodeReader() {
    }

    static Fact<List<DeviceNode>> read(HostFiles files) {
        Fact<List<DirEntry>> dev = files.list("/dev");
        if (!dev.isFound()) {
            return dev.map(x -> List.of());
        }
        List<Evidence> evidence = new ArrayList<>(dev.evidence());
        List<String> paths = new ArrayList<>();
        for (DirEntry e : dev.value()) {
            if (NODE.matcher(e.name()).matches()) {
                paths.add("/dev/" + e.name());
            } else if (e.name().equals(CAPS)) {
                Fact<List<DirEntry>> caps = files.list("/dev/" + CAPS);
                evidence.addAll(caps.evidence());
                if (!caps.isFound()) {
                    return Fact.failed("cannot list /dev/" + CAPS + ": " + caps.why(), evidence);
                }
                caps.value().forEach(c -> paths.add("/dev/" + CAPS + "/" + c.name()));
            }
        }
        List<DeviceNode> nodes = new ArrayList<>();
        for (String path : paths) {
            Fact<FileStat> st = files.stat(path);
            evidence.addAll(st.evidence());
            if (st.status() == Status.ABSENT) {
                continue; // removed between the listing and the stat: not there any more
            }
            if (!st.isFound()) {
                return Fact.failed("cannot stat " + path + ": " + st.why(), evidence);
            }
            FileStat s = st.value();
            nodes.add(new DeviceNode(path, s.modeString(), s.major(), s.minor()));
        }
        return Fact.found(List.copyOf(nodes), evidence);
    }
}
