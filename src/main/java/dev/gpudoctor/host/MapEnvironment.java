package dev.gpudoctor.host;

import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** An environment given as a map: the live process's, a bundle's recorded one, or a fixture's. */
public final class MapEnvironment implements Environment {

    private final TreeMap<String, String> vars;

    public MapEnvironment(Map<String, String> vars) {
        this.vars = new TreeMap<>(vars);
    }

    @Override
    public Optional<String> get(String name) {
        return Optional.ofNullable(vars.get(name));
    }

    @Override
    public SortedMap<String, String> withPrefix(String prefix) {
        SortedMap<String, String> out = new TreeMap<>();
        vars.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k, v);
            }
        });
        return out;
    }

    public Map<String, String> asMap() {
        return java.util.Collections.unmodifiableSortedMap(vars);
    }
}
