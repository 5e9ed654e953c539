package dev.gpudoctor.probe.container;

import java.util.Optional;

/**
 * Names the container runtime that a /proc/N/cgroup file betrays ("12:pids:/kubepods/burstable/pod...",
 * "0::/system.slice/docker-abc.scope"). With cgroup v2 and a private cgroup namespace the file says
 * only "0::/" and tells nothing: empty.
 */
public final class CgroupParser {

    private CgroupParser() {
    }

    public static Optional<String> runtime(String text) {
        if (text == null) {
            return Optional.empty();
        }
        // kubepods first: a Kubernetes pod run by docker or containerd names both.
        for (String word : new String[] {"kubepods", "docker", "containerd", "lxc"}) {
            for (String line : text.split("\n")) {
                int colon = line.lastIndexOf(':');
                String path = colon >= 0 ? line.substring(colon + 1) : line;
                if (path.contains(word)) {
                    return Optional.of(word.equals("kubepods") ? "kubernetes" : word);
                }
            }
        }
        return Optional.empty();
    }
}
