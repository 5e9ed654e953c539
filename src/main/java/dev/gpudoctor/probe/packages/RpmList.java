package dev.gpudoctor.probe.packages;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import java.util.ArrayList;
import java.util.List;

/** Parses the output of {@code rpm -qa --qf '%{NAME} %{VERSION}-%{RELEASE}\n'}. */
public final class RpmList {

    /** The argv that gives the text this class parses. */
    public static final List<String> ARGV = List.of("rpm", "-qa", "--qf", "%{NAME} %{VERSION}-%{RELEASE}\n");

    private RpmList() {
    }

    public static Fact<List<InstalledPackage>> parse(String text) {
        if (text == null) {
            return Fact.failed("no rpm output");
        }
        List<InstalledPackage> out = new ArrayList<>();
        for (String line : text.split("\\R")) {
            String[] w = line.strip().split("\\s+");
            if (w.length == 2 && !w[0].isEmpty()) {
                out.add(new InstalledPackage(w[0], w[1], null, "rpm"));
            } else if (!line.isBlank()) {
                return Fact.failed("not a NAME VERSION-RELEASE line: " + Excerpt.of(line, 80));
            }
        }
        return Fact.found(List.copyOf(out));
    }
}
