package dev.gpudoctor.host;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What one copy of a CUDA library says of itself once loaded: its own version, which may differ from
 * the one its file name or its package claims.
 *
 * @param path       the file asked, as given
 * @param kind       cudart | cudnn | cublas | nvrtc | tensorrt
 * @param rawVersion the integer the library returned, where it returns one (cudart, cudnn, tensorrt)
 * @param version    the decoded version ("13.0", "9.19.0", "13.1.0")
 * @param loadedFrom the file the dynamic linker says the function lives in, or null where it cannot tell
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LibraryAnswer(String path, String kind, Integer rawVersion, String version, String loadedFrom) {
}
