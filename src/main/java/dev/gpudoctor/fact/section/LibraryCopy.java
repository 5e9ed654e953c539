package dev.gpudoctor.fact.section;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gpudoctor.fact.Version;

/**
 * One copy of a shared library found on the host.
 *
 * @param path     where it was found (may be a link)
 * @param realPath the file the path resolves to
 * @param version  the version the file's name carries (libcuda.so.580.159.04), when it carries one
 * @param foundBy  how it was found: "ld.so.cache", "directory /usr/local/nvidia/lib64", "cuda compat", ...
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LibraryCopy(String path, String realPath, Version version, String foundBy) {

    public LibraryCopy {
        if (path == null) {
            throw new IllegalArgumentException("a library copy needs its path");
        }
    }

    public String describe() {
        return path + (realPath != null && !realPath.equals(path) ? " -> " + realPath : "")
                + (version != null ? " (" + version + ")" : "");
    }
}
