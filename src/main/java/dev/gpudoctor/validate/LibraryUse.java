package dev.gpudoctor.validate;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A library copy a step used.
 *
 * @param role    libcuda | nvrtc | cublas | cudnn | tensorrt
 * @param path    what was asked to load (a soname, or the copy's path)
 * @param foundBy why this copy: "dynamic linker search", "toolkit /usr/local/cuda-13.0",
 *                "torch loads it (rpath)", "--cudnn"
 * @param version the version the library itself reports, once loaded
 * @param mapped  the files of its family the process had mapped after the step (/proc/self/maps):
 *                the copy that really ran, and the companions it brought (libcublasLt, libcudnn_cnn)
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record LibraryUse(String role, String path, String foundBy, String version, List<String> mapped) {

    public LibraryUse {
        mapped = mapped == null ? List.of() : List.copyOf(mapped);
    }
}
