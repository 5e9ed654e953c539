package dev.gpudoctor.probe.libs;

import dev.gpudoctor.fact.Evidence;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.host.FileStat;
import dev.gpudoctor.host.FileType;
import dev.gpudoctor.host.HostFiles;
import dev.gpudoctor.probe.ProbeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds a program on the host's PATH through the file port, as the shell would, without running
 * anything: a mounted image or a capture has a PATH and files but no way to run "which".
 */
public final class PathWalk {

    private PathWalk() {
    }

    /** The PATH variable's directories, in order, empty entries dropped. */
    public static List<String> dirs(ProbeContext ctx) {
        Optional<String> path = ctx.env("PATH");
        List<String> out = new ArrayList<>();
        for (String d : path.orElse("").split(":")) {
            if (d.startsWith("/")) {
                out.add(d.endsWith("/") && d.length() > 1 ? d.substring(0, d.length() - 1) : d);
            }
        }
        return out;
    }

    /** The first PATH entry holding a file (or a link to one) of that name, as the path on PATH. */
    public static Fact<String> which(ProbeContext ctx, String program) {
        if (ctx.env("PATH").isEmpty()) {
            return Fact.absent("PATH is not set", Evidence.environment("PATH"));
        }
        HostFiles files = ctx.host().files();
        for (String d : dirs(ctx)) {
            String candidate = d + "/" + program;
            Fact<String> real = files.realPath(candidate);
            if (real.isFound()) {
                Fact<FileStat> st = files.stat(real.value());
                if (st.isFound() && st.value().type() == FileType.FILE) {
                    List<Evidence> ev = new ArrayList<>();
                    ev.add(Evidence.environment("PATH"));
                    ev.addAll(real.evidence());
                    return Fact.found(candidate, ev);
                }
            }
        }
        return Fact.absent(program + " is in no PATH directory", Evidence.environment("PATH"));
    }
}
