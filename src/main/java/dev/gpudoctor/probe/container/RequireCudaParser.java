package dev.gpudoctor.probe.container;

import dev.gpudoctor.fact.Excerpt;
import dev.gpudoctor.fact.Fact;
import dev.gpudoctor.fact.Version;
import dev.gpudoctor.fact.section.ContainerFacts.Constraint;
import dev.gpudoctor.fact.section.ContainerFacts.RequireCuda;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses NVIDIA_REQUIRE_CUDA as the NVIDIA container toolkit reads it: alternatives separated by
 * whitespace (any one must hold), constraints inside one alternative separated by commas (all must
 * hold), each "key op value" with key cuda, driver, arch or brand.
 */
public final class RequireCudaParser {

    private static final Set<String> KEYS = Set.of("cuda", "driver", "arch", "brand");
    // Longest operators first; "!=" is accepted because libnvidia-container's grammar has it.
    private static final Pattern CONSTRAINT = Pattern.compile("([a-z]+)(>=|<=|!=|>|<|=)(.*)");
    private static final Pattern BRAND = Pattern.compile("[a-z0-9_-]+");

    private RequireCudaParser() {
    }

    public static Fact<RequireCuda> parse(String text) {
        if (text == null || text.isBlank()) {
            return Fact.absent("NVIDIA_REQUIRE_CUDA is empty: no requirement");
        }
        String raw = text.strip();
        List<List<Constraint>> alternatives = new ArrayList<>();
        for (String alternative : raw.split("\\s+")) {
            List<Constraint> all = new ArrayList<>();
            for (String token : alternative.split(",", -1)) {
                Matcher m = CONSTRAINT.matcher(token);
                if (!m.matches()) {
                    return bad(token, "not key, operator, value");
                }
                String key = m.group(1);
                String op = m.group(2);
                String value = m.group(3);
                if (!KEYS.contains(key)) {
                    return bad(token, "unknown key " + Excerpt.of(key, 20) + " (cuda, driver, arch or brand)");
                }
                if (key.equals("brand")) {
                    if (!BRAND.matcher(value).matches()) {
                        return bad(token, "not a brand name");
                    }
                } else if (Version.parse(value).isEmpty()) {
                    return bad(token, "not a version");
                }
                all.add(new Constraint(key, op, value));
            }
            alternatives.add(all);
        }
        return Fact.found(new RequireCuda(raw, alternatives));
    }

    private static Fact<RequireCuda> bad(String token, String why) {
        return Fact.failed("bad NVIDIA_REQUIRE_CUDA token \"" + Excerpt.of(token, 40) + "\": " + why);
    }
}
