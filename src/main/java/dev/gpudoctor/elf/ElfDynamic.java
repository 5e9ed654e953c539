package dev.gpudoctor.elf;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The part of an ELF object that the dynamic linker reads to find its dependencies.
 *
 * @param rpath   DT_RPATH entries, in order (ignored by the linker when a RUNPATH is present)
 * @param runpath DT_RUNPATH entries, in order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ElfDynamic(List<String> needed, String soname, List<String> rpath, List<String> runpath) {

    public ElfDynamic {
        needed = needed == null ? List.of() : List.copyOf(needed);
        rpath = rpath == null ? List.of() : List.copyOf(rpath);
        runpath = runpath == null ? List.of() : List.copyOf(runpath);
    }
}
