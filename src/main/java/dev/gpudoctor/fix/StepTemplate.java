package dev.gpudoctor.fix;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an argv template of install.yaml into an argv: fills its {placeholders} with values the caller
 * has already checked, then checks the program and every argument once more as a whole. The schema
 * enforces the same when the matrix is validated; this is what holds when a matrix is loaded without
 * its schemas (the bundled one, for speed) or a check was loosened by mistake.
 */
final class StepTemplate {

    /** The programs an install plan may run; anything else in install.yaml is refused. */
    static final Set<String> PROGRAMS = Set.of("apt-get", "dpkg", "wget", "dnf", "ubuntu-drivers", "nvidia-ctk",
            "systemctl");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z]+)}");

    private StepTemplate() {
    }

    /** One filled step; throws IllegalStateException for a template gpu-doctor cannot fill or run. */
    static List<String> fill(List<String> template, Map<String, String> values) {
        if (template.isEmpty() || !PROGRAMS.contains(template.get(0))) {
            throw new IllegalStateException("install.yaml step " + template + " does not start with a program"
                    + " gpu-doctor runs for an install " + PROGRAMS);
        }
        List<String> out = new ArrayList<>(template.size());
        for (String t : template) {
            out.add(SafeValues.argument(fillOne(t, values, template)));
        }
        return List.copyOf(out);
    }

    static List<List<String>> fillAll(List<List<String>> templates, Map<String, String> values) {
        return templates.stream().map(t -> fill(t, values)).toList();
    }

    /** A single templated value (a package name, a version pin), checked as one argument. */
    static String fillOne(String t, Map<String, String> values, Object where) {
        Matcher m = PLACEHOLDER.matcher(t);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            String v = values.get(m.group(1));
            if (v == null) {
                throw new IllegalStateException("install.yaml " + where + " uses {" + m.group(1)
                        + "}, which is not filled here (filled: " + values.keySet() + ")");
            }
            m.appendReplacement(b, Matcher.quoteReplacement(v));
        }
        m.appendTail(b);
        return SafeValues.argument(b.toString());
    }
}
